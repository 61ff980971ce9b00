"""Face: the ``djust-lint`` console command. Calls the engine, codemods and output; nothing calls it
(except the Django management command, which is this CLI under ``manage.py``).
"""
