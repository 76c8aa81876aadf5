"""The social part of the sample, rendered: ids, authors, threads and four platforms' formats.

`render_posts(drafts, seed)` walks the planned posts in time order with a generator seeded
`f"social-{seed}/render"`: it gives each an author from its platform's pool (a Zipf-like weight
makes a few accounts prolific; a burst's posts come from distinct authors), a native id in the
platform's own scheme, and builds its item exactly as the platform's API returns it (an HN
Algolia hit, a Reddit `t3`/`t1` thing, a Bluesky post view, a Mastodon status). `render_files`
writes them as `social/hn.json`, `reddit.json`, `bluesky.json`, `mastodon.json` and the JSON
Lines file `social/extra.jsonl` that mixes the four shapes.
"""

from __future__ import annotations

import html
import json
import random
import re
from datetime import datetime, timedelta

from pipeline.core import vendors as vendor_table
from pipeline.sample.formats import iso_ms
from pipeline.sample.plan import WINDOW_START
from pipeline.sample.social_plan import EXTRA, Draft
from pipeline.sample.texts import load_corpus

_TEXT = load_corpus("social")
SUBREDDITS: dict[str, tuple[str, ...]] = _TEXT["subreddits"]  # by the first vendor named
OTHER_SUBREDDITS: tuple[str, ...] = _TEXT["other_subreddits"]
HN_STORY_TITLES: tuple[str, ...] = _TEXT["hn_story_titles"]
REDDIT_LINK_TITLES: tuple[str, ...] = _TEXT["reddit_link_titles"]
# Handles.
SYLLABLES: tuple[str, ...] = _TEXT["syllables"]
HANDLE_WORDS: tuple[str, ...] = _TEXT["handle_words"]
MASTODON_HOSTS: tuple[str, ...] = _TEXT["mastodon_hosts"]
BSKY_SUFFIXES: tuple[str, ...] = _TEXT["bsky_suffixes"]
B32_SORT = "234567abcdefghijklmnopqrstuvwxyz"
B36 = "0123456789abcdefghijklmnopqrstuvwxyz"
HN_BASE = 46_120_000
REDDIT_T3_BASE = int("1p20000", 36)
REDDIT_T1_BASE = int("nq00000", 36)
POOL_SIZE = 3000


def render_posts(
    drafts: list[Draft], seed: int
) -> dict[str, list[tuple[Draft, dict[str, object]]]]:
    """Give every draft its id, author and item; {platform or EXTRA: [(draft, item)]}.

    Fills in each draft's `author`, `native_id` and `kind` (story/comment, t3/t1) in place.
    """
    renderer = _Renderer(drafts, seed)
    renderer.run()
    return renderer.items


def _b36(value: int) -> str:
    out = ""
    while value:
        value, digit = divmod(value, 36)
        out = B36[digit] + out
    return out or "0"


def _base32(value: int, width: int) -> str:
    """Lower-case RFC 4648 base32 digits (as in CIDs), most significant first."""
    alphabet = "abcdefghijklmnopqrstuvwxyz234567"
    return "".join(alphabet[(value >> (5 * (width - 1 - i))) & 31] for i in range(width))


def _slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())[:8]
    return "_".join(words) or "post"


# --------------------------------------------------------------------------- authors and ids


class _Accounts:
    """Per-platform author pools; a Zipf-like weight makes a few accounts prolific."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.pools: dict[str, list[dict[str, str]]] = {}
        cum, total = [], 0.0
        for rank in range(1, POOL_SIZE + 1):
            total += 1 / rank**0.95
            cum.append(total)
        self.cum = cum
        for platform in ("hn", "reddit", "bluesky", "mastodon"):
            seen: set[str] = set()
            pool = []
            while len(pool) < POOL_SIZE:
                account = self._make(platform)
                if account["name"] not in seen:
                    seen.add(account["name"])
                    pool.append(account)
            self.pools[platform] = pool

    def _syllables(self, low: int, high: int) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(low, high)))

    def _make(self, platform: str) -> dict[str, str]:
        rng = self.rng
        if platform == "hn":
            name = self._syllables(2, 4) + rng.choice(("", "", "_", str(rng.randint(1, 99))))
            return {"name": name.rstrip("_")}
        if platform == "reddit":
            name = f"{rng.choice(HANDLE_WORDS)}_{rng.choice(HANDLE_WORDS)}{rng.randint(10, 9999)}"
            return {"name": name, "fullname": "t2_" + "".join(rng.choices(B36, k=8))}
        if platform == "bluesky":
            base = self._syllables(2, 4)
            suffix = rng.choice(BSKY_SUFFIXES)
            handle = f"{base}.{suffix}"
            did = "did:plc:" + "".join(rng.choices(B32_SORT, k=24))
            return {"name": handle, "did": did, "display": base.capitalize()}
        host = rng.choice(MASTODON_HOSTS)
        user = self._syllables(2, 3) + rng.choice(("", "", str(rng.randint(1, 99))))
        acct = user if host == "mastodon.social" else f"{user}@{host}"
        return {
            "name": acct,
            "username": user,
            "host": host,
            "id": str(rng.randint(10**17, 10**18 - 1)),
        }

    def pick(self, platform: str) -> dict[str, str]:
        return self.rng.choices(self.pools[platform], cum_weights=self.cum)[0]

    def pick_distinct(self, platform: str, taken: set[str]) -> dict[str, str]:
        while True:
            account = self.rng.choice(self.pools[platform])
            if account["name"] not in taken:
                taken.add(account["name"])
                return account


# --------------------------------------------------------------------------- rendering


class _Renderer:
    """Assigns ids, authors and threads in time order; builds each platform's items."""

    def __init__(self, drafts: list[Draft], seed: int) -> None:
        self.rng = random.Random(f"social-{seed}/render")
        self.drafts = drafts
        self.accounts = _Accounts(self.rng)
        self.seen: set[str] = set()
        self.items: dict[str, list[tuple[Draft, dict[str, object]]]] = {}
        self.hn_stories: list[tuple[datetime, int, str]] = []
        self.reddit_links: list[tuple[datetime, str, str, str]] = []
        self.accounts_of: dict[int, dict[str, str]] = {}

    def _unique(self, value: str) -> bool:
        if value in self.seen:
            return False
        self.seen.add(value)
        return True

    def _seconds(self, at: datetime) -> float:
        return (at - WINDOW_START).total_seconds()

    def run(self) -> None:
        burst_authors: dict[int, set[str]] = {}
        for draft in self.drafts:
            if draft.burst is not None:
                taken = burst_authors.setdefault(draft.burst, set())
                account = self.accounts.pick_distinct(draft.platform, taken)
            else:
                account = self.accounts.pick(draft.platform)
            draft.author = account["name"]
            item = getattr(self, f"_{draft.platform}")(draft, account)
            key = EXTRA if draft.extra else draft.platform
            self.items.setdefault(key, []).append((draft, item))

    # -- HN Algolia hits

    def _hn_id(self, at: datetime) -> int:
        value = HN_BASE + int(self._seconds(at) * 0.116) + self.rng.randint(0, 3)
        while not self._unique(f"hn:{value}"):
            value += 1
        return value

    def _hn(self, draft: Draft, account: dict[str, str]) -> dict[str, object]:
        if draft.kind == "post":
            story = draft.role == "chatter" and self.rng.random() < 0.1
            draft.kind = "story" if story else "comment"
        object_id = self._hn_id(draft.at)
        draft.native_id = str(object_id)
        points = self.rng.randint(1, 400) if draft.kind == "story" else None
        stamp = draft.at.replace(microsecond=0)
        hit: dict[str, object] = {
            "_tags": [draft.kind, f"author_{account['name']}"],
            "author": account["name"],
            "created_at": iso_ms(stamp),
            "created_at_i": int(stamp.timestamp()),
            "objectID": str(object_id),
            "updated_at": iso_ms(stamp + timedelta(minutes=self.rng.randint(1, 300))),
        }
        if draft.kind == "story":
            title, rest = _split_title(draft.text)
            hit.update(
                {
                    "title": title if rest else f"Ask HN: {title}",
                    "story_text": _hn_html(rest) if rest else "",
                    "comment_text": None,
                    "url": None,
                    "points": points,
                    "num_comments": self.rng.randint(0, 120),
                    "story_id": object_id,
                    "parent_id": None,
                    "story_title": None,
                    "story_url": None,
                }
            )
            hit["_tags"] = [*hit["_tags"], f"story_{object_id}"]  # type: ignore[list-item]
            self.hn_stories.append((draft.at, object_id, str(hit["title"])))
            return hit
        recent = [s for s in self.hn_stories[-40:] if draft.at - s[0] < timedelta(days=2)]
        if recent and self.rng.random() < 0.7:
            _, story_id, story_title = self.rng.choice(recent)
        else:
            story_id = object_id - self.rng.randint(2_000, 200_000)
            story_title = self.rng.choice(HN_STORY_TITLES)
        parent = story_id if self.rng.random() < 0.6 else object_id - self.rng.randint(1, 900)
        text = "" if draft.defect == "hn_empty" else _hn_html(draft.text)
        hit.update(
            {
                "comment_text": text,
                "story_id": story_id,
                "parent_id": parent,
                "story_title": story_title,
                "story_url": None,
                "points": None,
                "num_comments": None,
                "title": None,
                "story_text": None,
                "url": None,
            }
        )
        hit["_tags"] = [*hit["_tags"], f"story_{story_id}"]  # type: ignore[list-item]
        return hit

    # -- Reddit things

    def _reddit_id(self, at: datetime, kind: str) -> str:
        base, rate = (REDDIT_T3_BASE, 5.7) if kind == "t3" else (REDDIT_T1_BASE, 61.0)
        value = base + int(self._seconds(at) * rate) + self.rng.randint(0, 30)
        while not self._unique(f"reddit:{_b36(value)}"):
            value += 1
        return _b36(value)

    def _subreddit(self, text: str) -> str:
        found = vendor_table.match_vendors(text)
        options = SUBREDDITS.get(found[0], OTHER_SUBREDDITS) if found else OTHER_SUBREDDITS
        return self.rng.choice(options)

    def _reddit(self, draft: Draft, account: dict[str, str]) -> dict[str, object]:
        if draft.kind == "post":
            draft.kind = "t3" if self.rng.random() < 0.3 else "t1"
        native = self._reddit_id(draft.at, draft.kind)
        draft.native_id = native
        created = float(int(draft.at.timestamp()))
        score = max(0, int(self.rng.paretovariate(1.3)) - 1)
        author, fullname = account["name"], account["fullname"]
        if draft.kind == "t3":
            subreddit = self._subreddit(draft.text)
            title, rest = _split_title(draft.text)
            selftext = rest
            if draft.defect == "reddit_removed":
                selftext, author = "[removed]", "[deleted]"
            permalink = f"/r/{subreddit}/comments/{native}/{_slug(title)}/"
            self.reddit_links.append((draft.at, native, subreddit, _slug(title)))
            data: dict[str, object] = {
                "approved_at_utc": None,
                "subreddit": subreddit,
                "selftext": selftext,
                "author_fullname": fullname,
                "title": title,
                "subreddit_name_prefixed": f"r/{subreddit}",
                "name": f"t3_{native}",
                "upvote_ratio": round(self.rng.uniform(0.6, 1.0), 2),
                "ups": score,
                "score": score,
                "is_self": True,
                "link_flair_text": self.rng.choice((None, "Discussion", "Question", "Humor")),
                "removed_by_category": "moderator" if draft.defect else None,
                "id": native,
                "author": author,
                "num_comments": self.rng.randint(0, 250),
                "permalink": permalink,
                "url": f"https://www.reddit.com{permalink}",
                "created": created,
                "created_utc": created,
                "over_18": False,
                "stickied": False,
            }
            return {"kind": "t3", "data": data}
        recent = [s for s in self.reddit_links[-60:] if draft.at - s[0] < timedelta(days=2)]
        if recent and self.rng.random() < 0.7:
            _, link, subreddit, slug = self.rng.choice(recent)
        else:
            link = _b36(REDDIT_T3_BASE + int(self._seconds(draft.at) * 5.7) - 50_000)
            subreddit, slug = (
                self._subreddit(draft.text),
                _slug(self.rng.choice(REDDIT_LINK_TITLES)),
            )
        body = draft.text
        if draft.defect == "reddit_deleted":
            body, author, fullname = "[deleted]", "[deleted]", None  # type: ignore[assignment]
        parent = f"t3_{link}" if self.rng.random() < 0.6 else f"t1_{_b36(int(native, 36) - 977)}"
        data = {
            "subreddit_id": "t5_" + _b36(abs(_hash_str(subreddit)) % 36**6),
            "subreddit": subreddit,
            "id": native,
            "author": author,
            "author_fullname": fullname,
            "created_utc": created,
            "created": created,
            "parent_id": parent,
            "link_id": f"t3_{link}",
            "score": score,
            "ups": score,
            "body": body,
            "body_html": html.escape(
                f'<div class="md"><p>{html.escape(body, quote=False)}</p>\n</div>', quote=False
            ),
            "name": f"t1_{native}",
            "is_submitter": False,
            "permalink": f"/r/{subreddit}/comments/{link}/{slug}/{native}/",
            "subreddit_name_prefixed": f"r/{subreddit}",
            "depth": 0 if parent.startswith("t3_") else 1,
            "replies": "",
            "controversiality": 0,
            "stickied": False,
        }
        return {"kind": "t1", "data": data}

    # -- Bluesky post views

    def _tid(self, at: datetime) -> str:
        micros = int(at.timestamp()) * 1_000_000 + at.microsecond + self.rng.randrange(1000)
        while True:
            value = (micros << 10) | self.rng.randrange(1024)
            tid = "".join(B32_SORT[(value >> (5 * (12 - i))) & 31] for i in range(13))
            if self._unique(f"bluesky:{tid}"):
                return tid
            micros += 1

    def _bluesky(self, draft: Draft, account: dict[str, str]) -> dict[str, object]:
        rkey = self._tid(draft.at)
        uri = f"at://{account['did']}/app.bsky.feed.post/{rkey}"
        draft.native_id = uri
        created = "not-a-date" if draft.defect == "bluesky_bad_date" else iso_ms(draft.at)
        indexed = draft.at + timedelta(milliseconds=self.rng.randint(50, 4000))
        return {
            "uri": uri,
            "cid": "bafyrei" + _base32(self.rng.getrandbits(260), 52),
            "author": {
                "did": account["did"],
                "handle": account["name"],
                "displayName": account["display"],
                "labels": [],
            },
            "record": {
                "$type": "app.bsky.feed.post",
                "createdAt": created,
                "langs": ["en"],
                "text": draft.text,
            },
            "replyCount": self.rng.randint(0, 8),
            "repostCount": self.rng.randint(0, 12),
            "likeCount": max(0, int(self.rng.paretovariate(1.2)) - 1),
            "quoteCount": self.rng.randint(0, 2),
            "indexedAt": iso_ms(indexed),
            "labels": [],
        }

    # -- Mastodon statuses

    def _mastodon(self, draft: Draft, account: dict[str, str]) -> dict[str, object]:
        millis = int(draft.at.timestamp() * 1000)
        while True:
            status_id = str((millis << 16) | self.rng.randrange(65536))
            if self._unique(f"mastodon:{status_id}"):
                break
        draft.native_id = status_id
        host = account["host"]
        url = f"https://{host}/@{account['username']}/{status_id}"
        content = "" if draft.defect == "mastodon_empty" else self._toot_html(draft.text)
        return {
            "id": status_id,
            "created_at": iso_ms(draft.at),
            "in_reply_to_id": None,
            "in_reply_to_account_id": None,
            "sensitive": False,
            "spoiler_text": "",
            "visibility": "public",
            "language": "en",
            "uri": f"https://{host}/users/{account['username']}/statuses/{status_id}",
            "url": url,
            "replies_count": self.rng.randint(0, 5),
            "reblogs_count": self.rng.randint(0, 9),
            "favourites_count": self.rng.randint(0, 30),
            "edited_at": None,
            "content": content,
            "reblog": None,
            "account": {
                "id": account["id"],
                "username": account["username"],
                "acct": account["name"],
                "display_name": account["username"].capitalize(),
                "url": f"https://{host}/@{account['username']}",
                "bot": False,
            },
            "media_attachments": [],
            "mentions": [],
            "tags": [],
            "emojis": [],
            "card": None,
            "poll": None,
        }

    def _toot_html(self, text: str) -> str:
        body = f"<p>{html.escape(text, quote=False)}</p>"
        if self.rng.random() < 0.3:
            # Vendor-neutral tags only: a '#claude' would add a vendor to a planted post.
            tag = self.rng.choice(("ai", "llm", "genai", "programming", "coding"))
            body = body[:-4] + (
                f' <a href="https://mastodon.social/tags/{tag}" class="mention hashtag" '
                f'rel="tag">#<span>{tag}</span></a></p>'
            )
        return body


def _hash_str(text: str) -> int:
    """A process-independent string hash (Python's hash() is salted per process)."""
    value = 0
    for char in text:
        value = (value * 131 + ord(char)) % (1 << 61)
    return value


def _split_title(text: str) -> tuple[str, str]:
    """First sentence as a title, the rest as the body ('' when one sentence)."""
    match = re.search(r"(?<=[.!?])\s+(?=\S)", text)
    if not match:
        return text, ""
    return text[: match.start()], text[match.end() :]


def _hn_html(text: str) -> str:
    return html.escape(text, quote=True).replace("/", "&#x2F;")


# --------------------------------------------------------------------------- documents


def _dumps(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def _newest_first(items: list[tuple[Draft, dict[str, object]]]) -> list[dict[str, object]]:
    return [item for _, item in reversed(items)]


def render_files(items: dict[str, list[tuple[Draft, dict[str, object]]]]) -> dict[str, bytes]:
    """Every social file of the catalog: {relative path: bytes}."""
    hits = _newest_first(items.get("hn", []))
    hn = {
        "exhaustiveNbHits": True,
        "hits": hits,
        "hitsPerPage": len(hits),
        "nbHits": len(hits),
        "nbPages": 1,
        "page": 0,
        "params": "query=claude&tags=%28story%2Ccomment%29&hitsPerPage=" + str(len(hits)),
        "processingTimeMS": 12,
        "query": "claude",
    }
    children = _newest_first(items.get("reddit", []))
    reddit = {
        "kind": "Listing",
        "data": {
            "after": None,
            "dist": len(children),
            "modhash": "",
            "geo_filter": "",
            "children": children,
            "before": None,
        },
    }
    bluesky = {"posts": _newest_first(items.get("bluesky", []))}
    mastodon = _newest_first(items.get("mastodon", []))
    extra = "".join(_dumps(item) + "\n" for _, item in items.get(EXTRA, []))
    texts = {
        "social/hn.json": _dumps(hn) + "\n",
        "social/reddit.json": _dumps(reddit) + "\n",
        "social/bluesky.json": _dumps(bluesky) + "\n",
        "social/mastodon.json": _dumps(mastodon) + "\n",
        "social/extra.jsonl": extra,
    }
    return {path: text.encode("utf-8") for path, text in texts.items()}


__all__ = ["render_files", "render_posts"]
