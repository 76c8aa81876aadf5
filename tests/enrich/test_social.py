"""Scoring a block of social posts: vendors, sentiment, outage flag and migrations."""

from __future__ import annotations

from datetime import UTC, datetime

from pipeline.core.models import Post
from pipeline.enrich.social import score_posts
from pipeline.parse.social_bulk import posts_frame

SEEN = datetime(2026, 3, 4, 12, tzinfo=UTC)


def post(native: str, text: str) -> Post:
    return Post(
        post_id=f"reddit:{native}", platform="reddit", native_id=native,
        created_at=datetime(2026, 3, 3, 10, tzinfo=UTC), author="u", text=text, url=None,
        language="en", kind="post", thread_id=None, score=1, source="reddit-test",
    )  # fmt: skip


def test_posts_are_tagged_scored_and_deduplicated() -> None:
    rows, moves = score_posts(
        [
            post("a", "Switched from ChatGPT to Claude today, so much better"),
            post("b", "Is Claude down? getting 529s"),
            post("b", "a later copy of the same post"),
            post("c", "lovely weather"),
        ],
        SEEN,
    )
    assert rows["post_id"].to_list() == ["reddit:a", "reddit:b", "reddit:c"]
    assert rows["is_outage_report"].to_list() == [False, True, False]
    assert "anthropic" in rows["vendors"][1].to_list()
    assert rows["vendors"][2].to_list() == []
    assert rows["sentiment"].is_between(-1, 1).all()
    assert rows["first_seen_at"].to_list() == [SEEN] * 3
    assert moves.select("post_id", "from_vendor", "to_vendor").rows() == [
        ("reddit:a", "openai", "anthropic")
    ]


def test_a_frame_and_posts_score_alike() -> None:
    posts = [post("a", "Claude is great"), post("b", "moved from Gemini to ChatGPT")]
    rows, moves = score_posts(posts, SEEN)
    frame_rows, frame_moves = score_posts(posts_frame(posts), SEEN)
    assert rows.equals(frame_rows) and moves.equals(frame_moves)
