"""The scorer the social loader calls per block of posts, cheap to import and to send.

`PostScorer()` scores like `pipeline.enrich.social.score_posts` (vendors, sentiment,
outage-report flag, migrations), importing it (and scikit-learn, numpy) on its first call only:
a run with no new posts never loads them. It pickles by reference, so the loader can run it in
worker processes; `worker_setup` gives them this process's trained migration model instead of
training it again in each (~6 s CPU).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

    from pipeline.core.models import Post


class PostScorer:
    """Score blocks of posts (`pipeline.enrich.social.score_posts`), here or in a worker."""

    def __call__(
        self, posts: pl.DataFrame | Sequence[Post], first_seen_at: datetime
    ) -> tuple[pl.DataFrame, pl.DataFrame]:
        """The posts as warehouse rows and the migrations they report."""
        from pipeline.enrich.social import score_posts

        return score_posts(posts, first_seen_at)

    def worker_setup(self) -> tuple[Callable[[bytes], None], tuple[bytes]]:
        """An initializer and its arguments that make a fresh worker process score exactly as
        this one: it installs this process's migration model (trained here if need be)."""
        from pipeline.enrich import migration_model

        return migration_model.install_model, (migration_model.model_bytes(),)
