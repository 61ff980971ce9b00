from djust import Component


class StarRating(Component):
    """Star rating: a stateless component (renders only, no events)."""

    template = """
<div class="star-rating">
  <span class="star-rating-label">{{ label }}</span>
  <span class="star-rating-count">{{ count }}</span>
  <span class="star-rating-tags">{{ tags }}</span>
</div>
"""

    def __init__(self, label: str, tags: list, count: int = 0, **kwargs):
        super().__init__(label=label, count=count, tags=tags, **kwargs)
        self.label = label
        self.count = count
        self.tags = tags

    def get_context_data(self) -> dict:
        return {"label": self.label, "count": self.count, "tags": self.tags}
