"""Atom templates of the feed corpus: the markup of real publishers (Atom 1.0 and 0.3).

Each function writes one feed from a Ctx (corpus_markup): the feed element as that software
writes it, and each entry's title, links and dates where and how it puts them.
"""

# ruff: noqa: E501  (feed markup keeps the long lines publishers write)
from __future__ import annotations

from corpus_markup import Ctx, Entry

FEED_ALT_SQ = "<link rel='alternate' type='text/html' href='{href}'/>"
REDDIT_LINK = '<link href="{href}"{attr} />'
REDDIT_ALT = '<link rel="alternate" href="{href}" type="text/html" />'
JEKYLL_ALT = '<link href="{href}" rel="alternate" type="text/html" />'
BLOGGER03_ALT = '<link href="{href}" rel="alternate" title="Jo" type="text/html"/>'


def opt(tag: str, value: str | None, attrs: str = "") -> str:
    """`<tag attrs>value</tag>`, or nothing when value is None."""
    return "" if value is None else f"<{tag}{attrs}>{value}</{tag}>"


def wordpress_atom(c: Ctx) -> str:
    def entry(e: Entry) -> str:
        return f"""	<entry{e.attr}>
		<author>
			<name>admin</name>
							<uri>{c.site}</uri>
						</author>

		<title{e.tattr()}><![CDATA[{e.title_xml}]]></title>
		{e.extra}{e.alink()}

		<id>{c.site}/?p={e.n + 880}</id>
		{opt("updated", e.upd_xml)}
		{opt("published", e.date_xml)}
		<category scheme="{c.site}" term="Uncategorized" />
		<summary type="html"><![CDATA[{e.summary}]]></summary>
		<content type="html" xml:base="{e.link}"><![CDATA[<p>{e.summary}</p>]]></content>
		<link rel="replies" type="text/html" href="{e.link}#comments" thr:count="0" />
		<link rel="replies" type="application/atom+xml" href="{e.link}feed/atom/" thr:count="0" />
		<thr:total>0</thr:total>
	</entry>"""

    return f"""{c.decl}<feed
  xmlns="http://www.w3.org/2005/Atom"
  xmlns:thr="http://purl.org/syndication/thread/1.0"
  xml:lang="en-US"{c.root_attr}
   >
	<title type="text">Ops Notes</title>
	<subtitle type="text">Just another WordPress site</subtitle>

	<updated>{c.updated}</updated>

	{c.atom_link()}
	<id>{c.url}</id>
	<link rel="self" type="application/atom+xml" href="{c.url}" />

	<generator uri="https://wordpress.org/" version="6.4.2">WordPress</generator>
{"".join(entry(e) for e in c.entries)}
	</feed>
"""


def blogger_atom(c: Ctx) -> str:
    def entry(e: Entry) -> str:
        fmt = "<link rel='alternate' type='text/html' href='{href}'{attr} title='post'/>"
        return (
            f"<entry{e.attr}><id>tag:blogger.com,1999:blog-3141.post-{e.code}</id>"
            f"{opt('published', e.date_xml)}{opt('updated', e.upd_xml)}"
            "<category scheme='http://www.blogger.com/atom/ns#' term='cloud'/>"
            f"<title{e.tattr(chr(39))}>{e.title_xml}</title><content type='html'>{e.summary}"
            "</content><link rel='replies' type='application/atom+xml' "
            f"href='https://www.blogger.com/feeds/3141/{e.code}/comments/default' "
            "title='Post Comments'/><link rel='replies' type='text/html' "
            f"href='https://www.blogger.com/comment.g?blogID=3141&amp;postID={e.code}' "
            "title='0 Comments'/><link rel='edit' type='application/atom+xml' "
            f"href='https://www.blogger.com/feeds/3141/posts/default/{e.code}'/>"
            "<link rel='self' type='application/atom+xml' "
            f"href='https://www.blogger.com/feeds/3141/posts/default/{e.code}'/>"
            f"{e.extra}{e.alink(fmt)}<author><name>Marta</name>"
            "<email>noreply@blogger.com</email></author><thr:total>0</thr:total></entry>"
        )

    return (
        f"{c.decl}<feed xmlns='http://www.w3.org/2005/Atom' "
        "xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' "
        "xmlns:blogger='http://schemas.google.com/blogger/2008' "
        "xmlns:georss='http://www.georss.org/georss' "
        "xmlns:gd='http://schemas.google.com/g/2005' "
        f"xmlns:thr='http://purl.org/syndication/thread/1.0'{c.root_attr}>"
        f"<id>tag:blogger.com,1999:blog-3141</id><updated>{c.updated}</updated>"
        "<category term='cloud'/><title type='text'>Marta Debugs</title>"
        "<subtitle type='html'></subtitle>"
        "<link rel='http://schemas.google.com/g/2005#feed' type='application/atom+xml' "
        f"href='{c.url}'/><link rel='self' type='application/atom+xml' href='{c.url}'/>"
        f"{c.atom_link(FEED_ALT_SQ)}"
        "<author><name>Marta</name><email>noreply@blogger.com</email></author>"
        "<generator version='7.00' uri='http://www.blogger.com'>Blogger</generator>"
        "<openSearch:totalResults>3</openSearch:totalResults>"
        f"{''.join(entry(e) for e in c.entries)}</feed>"
    )


def github_releases(c: Ctx) -> str:
    def entry(e: Entry) -> str:
        fmt = '<link rel="alternate" type="text/html" href="{href}"{attr}/>'
        return f"""  <entry{e.attr}>
    <id>tag:github.com,2008:Repository/48213/{e.slug}</id>
    {opt("updated", e.upd_xml)}
    {e.extra}{e.alink(fmt)}
    <title{e.tattr()}>{e.title_xml}</title>
    <content type="html">&lt;h2&gt;What&amp;#39;s Changed&lt;/h2&gt;&lt;p&gt;{e.summary}&lt;/p&gt;</content>
    <author>
      <name>octo-release-bot</name>
    </author>
    <media:thumbnail height="30" width="30" url="https://avatars.githubusercontent.com/u/9919?s=60&amp;v=4"/>
  </entry>"""

    return f"""{c.decl}<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="en-US"{c.root_attr}>
  <id>tag:github.com,2008:https://github.com/acme/llm-gateway/releases</id>
  {c.atom_link('<link type="text/html" rel="alternate" href="{href}"/>')}
  <link type="application/atom+xml" rel="self" href="{c.url}"/>
  <title>Release notes from llm-gateway</title>
  <updated>{c.updated}</updated>
{"".join(entry(e) for e in c.entries)}
</feed>
"""


def reddit_atom(c: Ctx) -> str:
    def entry(e: Entry) -> str:
        return (
            f"<entry{e.attr}><author><name>/u/user{e.code[:5]}</name>"
            f"<uri>https://www.reddit.com/user/user{e.code[:5]}</uri></author>"
            '<category term="LocalLLaMA" label="r/LocalLLaMA"/>'
            f'<content type="html">&lt;!-- SC_OFF --&gt;&lt;div class=&quot;md&quot;&gt;&lt;p&gt;'
            f"{e.summary}&lt;/p&gt;&lt;/div&gt;&lt;!-- SC_ON --&gt;</content>"
            f"<id>t3_{e.code[:6]}</id>{e.extra}{e.alink(REDDIT_LINK)}"
            f"{opt('updated', e.upd_xml)}{opt('published', e.date_xml)}"
            f"<title{e.tattr()}>{e.title_xml}</title></entry>"
        )

    return (
        f'{c.decl}<feed xmlns="http://www.w3.org/2005/Atom" '
        f'xmlns:media="http://search.yahoo.com/mrss/"{c.root_attr}>'
        '<category term="LocalLLaMA" label="r/LocalLLaMA"/>'
        f"<updated>{c.updated}</updated><icon>https://www.redditstatic.com/icon.png/</icon>"
        f'<id>/r/LocalLLaMA/.rss</id><link rel="self" href="{c.url}" '
        'type="application/atom+xml" />'
        f"{c.atom_link(REDDIT_ALT)}"
        "<subtitle>Subreddit to discuss local models</subtitle><title>LocalLLaMA</title>"
        f"{''.join(entry(e) for e in c.entries)}</feed>"
    )


def statuspage_atom(c: Ctx) -> str:
    def entry(e: Entry) -> str:
        return f"""  <entry{e.attr}>
    <id>tag:status.acme.example,2005:Incident/{e.n + 19000000}</id>
    {opt("published", e.date_xml)}
    {opt("updated", e.upd_xml)}
    {e.extra}{e.alink()}
    <title{e.tattr()}>{e.title_xml}</title>
    <content type="html">&lt;p&gt;&lt;small&gt;&lt;var data-var=&#39;date&#39;&gt;Mar  5&lt;/var&gt;&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Resolved&lt;/strong&gt; - {e.summary}&lt;/p&gt;</content>
  </entry>"""

    return f"""{c.decl}<feed xml:lang="en-US" xmlns="http://www.w3.org/2005/Atom"{c.root_attr}>
  <id>tag:status.acme.example,2005:/history</id>
  {c.atom_link()}
  <link rel="self" type="application/atom+xml" href="{c.url}"/>
  <title>Acme AI Status - Incident History</title>
  <updated>{c.updated}</updated>
  <author>
    <name>Acme AI</name>
  </author>
{"".join(entry(e) for e in c.entries)}
</feed>
"""


def jekyll(c: Ctx) -> str:
    def entry(e: Entry) -> str:
        fmt = '<link href="{href}"{attr} rel="alternate" type="text/html" title="post" />'
        return (
            f"<entry{e.attr}><title{e.tattr()}>{e.title_xml}</title>{e.extra}{e.alink(fmt)}"
            f"{opt('published', e.date_xml)}{opt('updated', e.upd_xml)}"
            f'<id>urn:uuid:8f3c{e.code}</id><content type="html" xml:base="{e.link}">'
            f"&lt;p&gt;{e.summary}&lt;/p&gt;</content><author><name>Kim Lee</name></author>"
            f'<summary type="html">{e.summary}</summary></entry>'
        )

    return (
        f'{c.decl}<feed xmlns="http://www.w3.org/2005/Atom"{c.root_attr} >'
        '<generator uri="https://jekyllrb.com/" version="4.3.3">Jekyll</generator>'
        f'<link href="{c.url}" rel="self" type="application/atom+xml" />'
        f"{c.atom_link(JEKYLL_ALT)}"
        f"<updated>{c.updated}</updated><id>{c.url}</id>"
        '<title type="html">Kim&amp;#39;s notes</title>'
        "<subtitle>Infrastructure, mostly.</subtitle><author><name>Kim Lee</name></author>"
        f"{''.join(entry(e) for e in c.entries)}</feed>"
    )


def youtube(c: Ctx) -> str:
    def entry(e: Entry) -> str:
        return f"""
 <entry{e.attr}>
  <id>yt:video:{e.code[:11]}</id>
  <yt:videoId>{e.code[:11]}</yt:videoId>
  <yt:channelId>UCq9pQ1LX7nIsJj-fakeChan</yt:channelId>
  <title{e.tattr()}>{e.title_xml}</title>
  {e.extra}{e.alink('<link rel="alternate" href="{href}"{attr}/>')}
  <author>
   <name>SRE Talks</name>
   <uri>https://www.youtube.com/channel/UCq9pQ1LX7nIsJj-fakeChan</uri>
  </author>
  {opt("published", e.date_xml)}
  {opt("updated", e.upd_xml)}
  <media:group>
   <media:title>{e.title_xml if e.title_type != "xhtml" else "talk"}</media:title>
   <media:content url="https://www.youtube.com/v/{e.code[:11]}?version=3" type="application/x-shockwave-flash" width="640" height="390"/>
   <media:description>{e.summary}</media:description>
  </media:group>
 </entry>"""

    return f"""{c.decl}<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom"{c.root_attr}>
 <link rel="self" href="{c.url}"/>
 <id>yt:channel:q9pQ1LX7nIsJj-fakeChan</id>
 <yt:channelId>q9pQ1LX7nIsJj-fakeChan</yt:channelId>
 <title>SRE Talks</title>
 {c.atom_link('<link rel="alternate" href="{href}"/>')}
 <author>
  <name>SRE Talks</name>
  <uri>https://www.youtube.com/channel/UCq9pQ1LX7nIsJj-fakeChan</uri>
 </author>
 <published>2019-03-01T10:00:00+00:00</published>{"".join(entry(e) for e in c.entries)}
</feed>
"""


def planet(c: Ctx) -> str:
    """A hand-written personal blog / planet aggregator in the intertwingly.net manner."""

    def entry(e: Entry) -> str:
        return f"""
<entry{e.attr}>
  <id>tag:planet.ops.example,2006:{e.code}</id>
  {e.extra}{e.alink('<link href="{href}"{attr}/>')}
  <title{e.tattr()}>{e.title_xml}</title>
  <summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>{e.summary}</p></div></summary>
  {opt("updated", e.upd_xml)}
  {opt("published", e.date_xml)}
  <source>
    <id>tag:origin.example,2004:feed</id>
    <link rel="self" href="https://origin.example/index.atom"/>
    <title>Origin blog</title>
  </source>
</entry>"""

    return f"""{c.decl}<feed xmlns="http://www.w3.org/2005/Atom"{c.root_attr}>
  <id>tag:planet.ops.example,2006:/</id>
  <title>Planet Ops</title>
  <subtitle>What operations people are writing</subtitle>
  <link rel="self" href="{c.url}"/>
  {c.atom_link('<link href="{href}"/>')}
  <updated>{c.updated}</updated>
  <author><name>Planet Ops</name></author>{"".join(entry(e) for e in c.entries)}
</feed>
"""


def atom03_blogger(c: Ctx) -> str:
    def entry(e: Entry) -> str:
        fmt = '<link href="{href}"{attr} rel="alternate" title="post" type="text/html"/>'
        mode = ' mode="escaped" type="text/html"' if e.title_type == "html" else ""
        return f"""<entry{e.attr} xmlns="http://purl.org/atom/ns#">{e.extra}{e.alink(fmt)}<author><name>Jo</name></author>{opt("issued", e.date_xml)}{opt("modified", e.upd_xml)}{opt("created", e.date_xml)}<id>tag:blogger.com,1999:blog-9001.post-{e.code}</id><title{mode}>{e.title_xml}</title><content type="application/xhtml+xml" xml:base="{c.site}" xml:space="preserve"><div xmlns="http://www.w3.org/1999/xhtml">{e.summary}</div></content><draft xmlns="http://purl.org/atom-blog/ns#">false</draft></entry>"""

    return (
        f'{c.decl}<feed xmlns="http://purl.org/atom/ns#" version="0.3" xml:lang="en-US"'
        f"{c.root_attr}>"
        f"{c.atom_link(BLOGGER03_ALT)}"
        f'<link href="{c.url}" rel="service.feed" title="Jo" type="application/atom+xml"/>'
        '<title mode="escaped" type="text/html">Jo&amp;#39;s weblog</title>'
        f'<modified>{c.updated}</modified><tagline mode="escaped" type="text/html"></tagline>'
        "<id>tag:blogger.com,1999:blog-9001</id>"
        '<generator url="http://www.blogger.com/" version="5.15">Blogger</generator>'
        '<info mode="xml" type="text/html"><div xmlns="http://www.w3.org/1999/xhtml">'
        "This is an Atom formatted XML site feed.</div></info>"
        '<convertLineBreaks xmlns="http://www.blogger.com/atom/ns#">true</convertLineBreaks>'
        f"{''.join(entry(e) for e in c.entries)}</feed>"
    )


def atom03_typepad(c: Ctx) -> str:
    def entry(e: Entry) -> str:
        mode = ' type="text/html" mode="escaped"' if e.title_type == "html" else ""
        return f"""<entry{e.attr}>
<title{mode}>{e.title_xml}</title>
{e.extra}{e.alink('<link rel="alternate" type="text/html" href="{href}"{attr} />')}
{opt("modified", e.upd_xml)}
{opt("issued", e.date_xml)}
<id>tag:typepad.com,2003:post-{e.code}</id>
{opt("created", e.date_xml)}
<summary type="text/plain">{e.summary}</summary>
<author>
<name>Chris</name>
</author>
<dc:subject>Outages</dc:subject>
<content type="text/html" mode="escaped" xml:lang="en-US" xml:base="{c.site}/">&lt;p&gt;{e.summary}&lt;/p&gt;</content>
</entry>
"""

    return f"""{c.decl}<feed version="0.3" xmlns="http://purl.org/atom/ns#" xmlns:dc="http://purl.org/dc/elements/1.1/"{c.root_attr}>
<title>Five Nines, Four Kids</title>
{c.atom_link('<link rel="alternate" type="text/html" href="{href}" />')}
<link rel="service.post" type="application/x.atom+xml" href="https://www.typepad.com/t/atom/weblog/blog_id=1" title="Five Nines" />
<modified>{c.updated}</modified>
<tagline type="text/html" mode="escaped">Operations, parenting, and the overlap</tagline>
<id>tag:typepad.com,2003:weblog-1</id>
<generator url="http://www.typepad.com/">TypePad</generator>
<info type="text/html" mode="escaped">This is an Atom formatted XML site feed.</info>
{"".join(entry(e) for e in c.entries)}
</feed>
"""


TEMPLATES = {
    "wordpress_atom": ("atom1.0", wordpress_atom),
    "blogger_atom": ("atom1.0", blogger_atom),
    "github_releases": ("atom1.0", github_releases),
    "reddit_atom": ("atom1.0", reddit_atom),
    "statuspage_atom": ("atom1.0", statuspage_atom),
    "jekyll": ("atom1.0", jekyll),
    "youtube": ("atom1.0", youtube),
    "planet": ("atom1.0", planet),
    "atom03_blogger": ("atom0.3", atom03_blogger),
    "atom03_typepad": ("atom0.3", atom03_typepad),
}
