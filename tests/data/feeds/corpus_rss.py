"""RSS templates of the feed corpus: the markup of real publishers (RSS 2.0, 0.9x, 1.0).

Each function writes one feed from a Ctx (corpus_markup): the channel as that software writes
it, and each entry's title, link and dates where and how it puts them.
"""

# ruff: noqa: E501  (feed markup keeps the long lines publishers write)
from __future__ import annotations

from corpus_markup import Ctx, Entry


def opt(tag: str, value: str | None, attrs: str = "") -> str:
    """`<tag attrs>value</tag>`, or nothing when value is None."""
    return "" if value is None else f"<{tag}{attrs}>{value}</{tag}>"


def _items(c: Ctx, render: object) -> str:
    return "\n".join(render(e) for e in c.entries)  # type: ignore[operator]


def wordpress(c: Ctx) -> str:
    def item(e: Entry) -> str:
        return f"""	<item{e.attr}>
		<title>{e.title_xml}</title>
		{e.extra}<link>{e.href}</link>
					<comments>{e.href}#respond</comments>
		<dc:creator><![CDATA[admin]]></dc:creator>
		{opt("pubDate", e.date_xml)}
				<category><![CDATA[Uncategorized]]></category>
		<guid isPermaLink="false">{c.site}/?p={e.n + 1200}</guid>

					<description><![CDATA[{e.summary}]]></description>
										<content:encoded><![CDATA[<p>{e.summary}</p>]]></content:encoded>
					<wfw:commentRss>{e.href}feed/</wfw:commentRss>
			<slash:comments>0</slash:comments>
		</item>"""

    return f"""{c.decl}<rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"{c.root_attr}
	>

<channel>
	<title>Ops Notes</title>
	<atom:link href="{c.url}" rel="self" type="application/rss+xml" />
	{c.rss_link()}
	<description>Just another WordPress site</description>
	<lastBuildDate>{c.build}</lastBuildDate>
	<language>en-US</language>
	<sy:updatePeriod>
	hourly	</sy:updatePeriod>
	<sy:updateFrequency>
	1	</sy:updateFrequency>
	<generator>https://wordpress.org/?v=6.4.2</generator>
{_items(c, item)}
	</channel>
</rss>
"""


def blogger_rss(c: Ctx) -> str:
    def item(e: Entry) -> str:
        return (
            f"<item{e.attr}><guid isPermaLink='false'>tag:blogger.com,1999:blog-7745.post-{e.code}"
            f"</guid>{opt('pubDate', e.date_xml)}{opt('atom:updated', e.upd_xml)}"
            "<category domain='http://www.blogger.com/atom/ns#'>outages</category>"
            f"<title>{e.title_xml}</title><description>{e.summary}</description>{e.extra}"
            f"<link>{e.href}</link><author>noreply@blogger.com (Priya)</author>"
            "<thr:total>0</thr:total></item>"
        )

    return (
        f"{c.decl}<rss xmlns:atom='http://www.w3.org/2005/Atom' "
        "xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' "
        "xmlns:blogger='http://schemas.google.com/blogger/2008' "
        "xmlns:georss='http://www.georss.org/georss' "
        "xmlns:gd='http://schemas.google.com/g/2005' "
        f"xmlns:thr='http://purl.org/syndication/thread/1.0' version='2.0'{c.root_attr}><channel>"
        "<atom:id>tag:blogger.com,1999:blog-7745</atom:id>"
        f"<lastBuildDate>{c.build}</lastBuildDate><category>outages</category>"
        "<title>Priya on Reliability</title><description>Notes from the pager</description>"
        f"{c.rss_link()}<managingEditor>noreply@blogger.com (Priya)</managingEditor>"
        "<generator>Blogger</generator><openSearch:totalResults>3</openSearch:totalResults>"
        "<openSearch:startIndex>1</openSearch:startIndex>"
        "<openSearch:itemsPerPage>25</openSearch:itemsPerPage>"
        f"{''.join(item(e) for e in c.entries)}</channel></rss>"
    )


def medium(c: Ctx) -> str:
    def item(e: Entry) -> str:
        return (
            f"<item{e.attr}><title>{e.title_xml}</title>{e.extra}<link>{e.href}</link>"
            f'<guid isPermaLink="false">https://medium.com/p/{e.code}</guid>'
            "<category><![CDATA[software-engineering]]></category>"
            "<dc:creator><![CDATA[Sam Okafor]]></dc:creator>"
            f"{opt('pubDate', e.date_xml)}{opt('atom:updated', e.upd_xml)}"
            f"<content:encoded><![CDATA[<p>{e.summary}</p>]]></content:encoded></item>"
        )

    return (
        f'{c.decl}<rss xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:atom="http://www.w3.org/2005/Atom" '
        f'xmlns:cc="http://cyber.law.harvard.edu/rss/creativeCommonsRssModule.html"{c.root_attr} '
        'version="2.0"><channel><title><![CDATA[Stories by Sam Okafor on Medium]]></title>'
        "<description><![CDATA[Stories by Sam Okafor on Medium]]></description>"
        f"{c.rss_link()}<image><url>https://cdn-images-1.medium.com/fit/c/150/150/1*abc.png"
        "</url><title>Stories by Sam Okafor on Medium</title>"
        f"<link>{c.site}/@samokafor</link></image>"
        "<generator>Medium</generator>"
        f"<lastBuildDate>{c.build}</lastBuildDate>"
        f'<atom:link href="{c.url}" rel="self" type="application/rss+xml"/>'
        "<webMaster><![CDATA[yourfriends@medium.com]]></webMaster>"
        '<atom:link href="http://medium.superfeedr.com" rel="hub"/>'
        f"{''.join(item(e) for e in c.entries)}</channel></rss>"
    )


def substack(c: Ctx) -> str:
    def item(e: Entry) -> str:
        return f"""<item{e.attr}><title>{e.title_xml}</title><description><![CDATA[{e.summary}]]></description>{e.extra}<link>{e.href}</link><guid isPermaLink="false">{e.href}</guid><dc:creator><![CDATA[Dana Whitfield]]></dc:creator>{opt("pubDate", e.date_xml)}<enclosure url="https://substackcdn.com/image/fetch/w_1200/{e.code}.png" length="0" type="image/jpeg"/><content:encoded><![CDATA[<p>{e.summary}</p>]]></content:encoded></item>"""

    return f"""{c.decl}<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom" version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:googleplay="http://www.google.com/schemas/play-podcasts/1.0"{c.root_attr}><channel><title><![CDATA[The Uptime Letter]]></title><description><![CDATA[Weekly notes on outages and the people who fix them]]></description>{c.rss_link()}<image><url>https://substackcdn.com/image/fetch/w_256/logo.png</url><title>The Uptime Letter</title><link>{c.site}</link></image><generator>Substack</generator><lastBuildDate>{c.build}</lastBuildDate><atom:link href="{c.url}" rel="self" type="application/rss+xml"/><copyright><![CDATA[Dana Whitfield]]></copyright><language><![CDATA[en]]></language><webMaster><![CDATA[uptimeletter@substack.com]]></webMaster><itunes:owner><itunes:email><![CDATA[uptimeletter@substack.com]]></itunes:email><itunes:name><![CDATA[Dana Whitfield]]></itunes:name></itunes:owner><itunes:author><![CDATA[Dana Whitfield]]></itunes:author><googleplay:owner><![CDATA[uptimeletter@substack.com]]></googleplay:owner>{"".join(item(e) for e in c.entries)}</channel></rss>"""


def ghost(c: Ctx) -> str:
    def item(e: Entry) -> str:
        return f"""<item{e.attr}><title>{e.title_xml}</title><description><![CDATA[{e.summary}]]></description>{e.extra}<link>{e.href}</link><guid isPermaLink="false">65a1f{e.code}</guid><category><![CDATA[Engineering]]></category><dc:creator><![CDATA[Lena Fischer]]></dc:creator>{opt("pubDate", e.date_xml)}<media:content url="https://images.unsplash.com/photo-{e.code}?w=2000" medium="image"/><content:encoded><![CDATA[<p>{e.summary}</p>]]></content:encoded></item>"""

    return f"""{c.decl}<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom" version="2.0" xmlns:media="http://search.yahoo.com/mrss/"{c.root_attr}><channel><title><![CDATA[Fault Lines]]></title><description><![CDATA[Thoughts, stories and ideas.]]></description>{c.rss_link()}<image><url>{c.site}/favicon.png</url><title>Fault Lines</title><link>{c.site}/</link></image><generator>Ghost 5.75</generator><lastBuildDate>{c.build}</lastBuildDate><atom:link href="{c.url}" rel="self" type="application/rss+xml"/><ttl>60</ttl>{"".join(item(e) for e in c.entries)}</channel></rss>"""


def news_site(c: Ctx) -> str:
    def item(e: Entry) -> str:
        dc = f"<dc:date>{e.upd_xml}</dc:date>" if e.upd_xml else ""
        return f"""    <item{e.attr}>
      <title>{e.title_xml}</title>
      {e.extra}<link>{e.href}</link>
      <description>{e.summary}</description>
      <category domain="{c.site}/technology">Technology</category>
      {opt("pubDate", e.date_xml)}
      <guid>{e.href}</guid>
      <media:content width="140" url="https://i.guim.example/img/{e.code}.jpg">
        <media:credit scheme="urn:ebu">Photograph: Reuters</media:credit>
      </media:content>
      <dc:creator>Alex Hern</dc:creator>
      {dc}
    </item>"""

    return f"""{c.decl}<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" version="2.0"{c.root_attr}>
  <channel>
    <title>Technology | The Daily Wire Service</title>
    {c.rss_link()}
    <description>Latest technology news, comment and analysis</description>
    <language>en-gb</language>
    <copyright>Daily Wire Service 2024</copyright>
    <pubDate>{c.build}</pubDate>
    <dc:date>{c.updated}</dc:date>
    <dc:language>en-gb</dc:language>
    <dc:rights>Daily Wire Service 2024</dc:rights>
    <image>
      <title>The Daily Wire Service</title>
      <url>https://assets.dws.example/images/logo.png</url>
      <link>{c.site}</link>
    </image>
{_items(c, item)}
  </channel>
</rss>
"""


def legacy_news(c: Ctx) -> str:
    """A local paper's hand-rolled CMS: entities straight from its HTML, raw query links."""

    def item(e: Entry) -> str:
        return f"""<item{e.attr}>
<title>{e.title_xml}</title>
{e.extra}<link>{e.href}</link>
<description>{e.summary}&nbsp;&raquo; More</description>
{opt("pubDate", e.date_xml)}
</item>"""

    return f"""{c.decl}<rss version="2.0"{c.root_attr}>
<channel>
<title>Springfield Courier - Business &amp; Tech</title>
{c.rss_link()}
<description>Springfield Courier news</description>
<language>en-us</language>
<copyright>Copyright 2009 Springfield Courier</copyright>
<lastBuildDate>{c.build}</lastBuildDate>
<ttl>15</ttl>
{_items(c, item)}
</channel>
</rss>
"""


def statuspage_rss(c: Ctx) -> str:
    def item(e: Entry) -> str:
        return f"""    <item{e.attr}>
      <title>{e.title_xml}</title>
      <description>
&lt;p&gt;&lt;small&gt;Resolved&lt;/small&gt; - {e.summary}&lt;/p&gt;
      </description>
      {opt("pubDate", e.date_xml)}
      {e.extra}<link>{e.href}</link>
      <guid>{e.href}</guid>
    </item>"""

    return f"""{c.decl}<rss version="2.0"{c.root_attr}>
  <channel>
    <title>Acme AI Status - Incident History</title>
    {c.rss_link()}
    <description>Statuspage</description>
{_items(c, item)}
  </channel>
</rss>
"""


def incidentio_rss(c: Ctx) -> str:
    def item(e: Entry) -> str:
        return (
            f"<item{e.attr}><title>{e.title_xml}</title>{e.extra}<link>{e.href}</link>"
            f'<guid isPermaLink="false">01HQ{e.code.upper()}</guid>{opt("pubDate", e.date_xml)}'
            f"<description>{e.summary}</description></item>"
        )

    return (
        f'{c.decl}<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"{c.root_attr}>'
        "<channel><title>Nimbus status</title>"
        f"{c.rss_link()}<description>Real-time updates of Nimbus issues and outages"
        "</description><generator>incident.io</generator><language>en</language>"
        f'<lastBuildDate>{c.build}</lastBuildDate><atom:link href="{c.url}" rel="self" '
        f'type="application/rss+xml"></atom:link>{"".join(item(e) for e in c.entries)}'
        "</channel></rss>"
    )


def instatus_rss(c: Ctx) -> str:
    def item(e: Entry) -> str:
        return f"""
    <item{e.attr}>
      <title>{e.title_xml}</title>
      <description><![CDATA[<p><strong>Monitoring</strong> {e.summary}</p>]]></description>
      {opt("pubDate", e.date_xml)}
      {e.extra}<link>{e.href}</link>
      <guid>{e.href}</guid>
    </item>"""

    return f"""{c.decl}<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom"{c.root_attr}>
  <channel>
    <title>Vectorly Status</title>
    {c.rss_link()}
    <description>Vectorly incidents and maintenance</description>
    <atom:link href="{c.url}" rel="self" type="application/rss+xml"/>
    <lastBuildDate>{c.build}</lastBuildDate>{"".join(item(e) for e in c.entries)}
  </channel>
</rss>
"""


def podcast(c: Ctx) -> str:
    """A podcast host; with the 'enclosure' recipe the items carry no <link>, only a
    permalink guid beside the audio enclosure (many hosts write them so)."""

    def item(e: Entry) -> str:
        no_link = bool(e.extra)
        link = "" if no_link else f"<link>{e.href}</link>"
        guid = f"<guid>{e.href}</guid>" if no_link else f'<guid isPermaLink="false">{e.code}</guid>'
        return f"""    <item{e.attr}>
      <title>{e.title_xml}</title>
      <itunes:title>{e.title_xml}</itunes:title>
      {e.extra}{link}
      {guid}
      {opt("pubDate", e.date_xml)}
      <description><![CDATA[{e.summary}]]></description>
      <enclosure url="https://media.pod.example/ep/{e.code}.mp3" length="48213376" type="audio/mpeg"/>
      <itunes:duration>00:50:12</itunes:duration>
      <itunes:explicit>false</itunes:explicit>
      <itunes:episodeType>full</itunes:episodeType>
    </item>"""

    return f"""{c.decl}<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:podcast="https://podcastindex.org/namespace/1.0"{c.root_attr}>
  <channel>
    <title>Pager Duty Hours</title>
    {c.rss_link()}
    <language>en-us</language>
    <itunes:author>Pager Duty Hours</itunes:author>
    <itunes:category text="Technology"/>
    <itunes:image href="https://media.pod.example/cover.jpg"/>
    <description>Conversations about running software in production.</description>
    <podcast:locked>no</podcast:locked>
{_items(c, item)}
  </channel>
</rss>
"""


def hn_like(c: Ctx) -> str:
    def item(e: Entry) -> str:
        return f"""<item{e.attr}>
<title><![CDATA[{e.title}]]></title>
<description><![CDATA[<p>Article URL: <a href="{e.link}">{e.link}</a></p><p>Points: 112</p>]]></description>
{opt("pubDate", e.date_xml)}
{e.extra}<link>{e.href}</link>
<dc:creator>throwaway{e.n}</dc:creator>
<comments>https://news.ycombinator.com/item?id={e.code}</comments>
<guid isPermaLink="false">https://news.ycombinator.com/item?id={e.code}</guid>
</item>"""

    return f"""{c.decl}<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom"{c.root_attr}><channel>
<title>Hacker News: Front Page</title>
{c.rss_link()}
<description>Hacker News RSS</description>
<docs>https://hnrss.org/</docs>
<generator>hnrss v2.1.1</generator>
<lastBuildDate>{c.build}</lastBuildDate>
<atom:link href="{c.url}" rel="self" type="application/rss+xml"></atom:link>
{_items(c, item)}
</channel></rss>
"""


def drupal(c: Ctx) -> str:
    def item(e: Entry) -> str:
        return f"""  <item{e.attr}>
    <title>{e.title_xml}</title>
    {e.extra}<link>{e.href}</link>
    <description>{e.summary}</description>
    {opt("pubDate", e.date_xml)}
    <dc:creator>editor</dc:creator>
    <guid isPermaLink="false">{e.n + 400} at {c.site}</guid>
  </item>"""

    return f"""{c.decl}<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom"{c.root_attr}>
  <channel>
    <title>Regional IT Services</title>
    {c.rss_link()}
    <description></description>
    <language>en</language>
    <atom:link href="{c.url}" rel="self" type="application/rss+xml" />
{_items(c, item)}
  </channel>
</rss>
"""


def hugo(c: Ctx) -> str:
    def item(e: Entry) -> str:
        return f"""    <item{e.attr}>
      <title>{e.title_xml}</title>
      {e.extra}<link>{e.href}</link>
      {opt("pubDate", e.date_xml)}
      <guid>{e.href}</guid>
      <description>{e.summary}</description>
    </item>"""

    return f"""{c.decl}<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"{c.root_attr}>
  <channel>
    <title>Posts on nullpointer.dev</title>
    {c.rss_link()}
    <description>Recent content in Posts on nullpointer.dev</description>
    <generator>Hugo -- gohugo.io</generator>
    <language>en-us</language>
    <lastBuildDate>{c.build}</lastBuildDate><atom:link href="{c.url}" rel="self" type="application/rss+xml" />
{_items(c, item)}
  </channel>
</rss>
"""


def rss091(c: Ctx) -> str:
    doctype = (
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"\n'
        '            "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
        if c.idx % 2 == 0
        else ""
    )

    def item(e: Entry) -> str:
        return f"""<item{e.attr}>
<title>{e.title_xml}</title>
{e.extra}<link>{e.href}</link>
<description>{e.summary}</description>{opt("pubDate", e.date_xml)}
</item>"""

    return f"""{c.decl}{doctype}<rss version="0.91"{c.root_attr}>
<channel>
<title>WebDev Weekly</title>
{c.rss_link()}
<description>News for web developers</description>
<language>en-us</language>
<copyright>Copyright 2006, WebDev Weekly</copyright>
<managingEditor>editor@webdevweekly.example</managingEditor>
<image>
<title>WebDev Weekly</title>
<url>{c.site}/images/rss.gif</url>
<link>{c.site}/</link>
<width>88</width>
<height>31</height>
</image>
{_items(c, item)}
</channel>
</rss>
"""


def rss092(c: Ctx) -> str:
    def item(e: Entry) -> str:
        return f"""		<item{e.attr}>
			<title>{e.title_xml}</title>
			<description>{e.summary}</description>
			<category>Infrastructure</category>
			{e.extra}<link>{e.href}</link>{opt("pubDate", e.date_xml)}
			<source url="{c.url}">Scripting News Mirror</source>
			</item>"""

    return f"""{c.decl}<!-- RSS generated by UserLand Frontier v9.0 -->
<rss version="0.92"{c.root_attr}>
	<channel>
		<title>Scripting Ops</title>
		{c.rss_link()}
		<description>A weblog about servers that fall over.</description>
		<language>en-us</language>
		<lastBuildDate>{c.build}</lastBuildDate>
		<docs>http://backend.userland.com/rss092</docs>
		<managingEditor>dave@scriptingops.example</managingEditor>
		<cloud domain="rpc.sys.com" port="80" path="/RPC2" registerProcedure="pingMe" protocol="soap"/>
{_items(c, item)}
		</channel>
	</rss>
"""


def rdf_slash(c: Ctx) -> str:
    def item(e: Entry) -> str:
        return f"""<item rdf:about="{e.href}"{e.attr}>
<title>{e.title_xml}</title>
{e.extra}<link>{e.href}</link>
<description>{e.summary}</description>
<dc:creator>timothy</dc:creator>
<dc:subject>cloud</dc:subject>
{opt("dc:date", e.date_xml)}
<slash:section>it</slash:section>
<slash:comments>{e.n * 7}</slash:comments>
<slash:department>did-you-try-turning-it-off</slash:department>
</item>"""

    seq = "\n".join(f' <rdf:li rdf:resource="{e.href}" />' for e in c.entries)
    return f"""{c.decl}<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:slash="http://purl.org/rss/1.0/modules/slash/" xmlns:syn="http://purl.org/rss/1.0/modules/syndication/"{c.root_attr}>
<channel rdf:about="{c.url}">
<title>Nerd News</title>
{c.rss_link()}
<description>News for nerds, stuff that matters</description>
<dc:language>en-us</dc:language>
<dc:date>{c.updated}</dc:date>
<syn:updatePeriod>hourly</syn:updatePeriod>
<items>
 <rdf:Seq>
{seq}
 </rdf:Seq>
</items>
</channel>
{_items(c, item)}
</rdf:RDF>
"""


def rdf_movabletype(c: Ctx) -> str:
    def item(e: Entry) -> str:
        return f"""<item rdf:about="{e.href}"{e.attr}>
<title>{e.title_xml}</title>
{e.extra}<link>{e.href}</link>
<description>{e.summary}</description>
<content:encoded><![CDATA[<p>{e.summary}</p>]]></content:encoded>
<dc:subject>Operations</dc:subject>
<dc:creator>Ben Trott</dc:creator>
{opt("dc:date", e.date_xml)}
</item>
"""

    seq = "\n".join(f'<rdf:li rdf:resource="{e.href}" />' for e in c.entries)
    return f"""{c.decl}<rdf:RDF
  xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
  xmlns:admin="http://webns.net/mvcb/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:cc="http://web.resource.org/cc/"
  xmlns="http://purl.org/rss/1.0/"{c.root_attr}>

<channel rdf:about="{c.site}/">
<title>Server Room Diaries</title>
{c.rss_link()}
<description>Notes from a small hosting company</description>
<dc:language>en-us</dc:language>
<dc:creator></dc:creator>
<dc:date>{c.updated}</dc:date>
<admin:generatorAgent rdf:resource="http://www.movabletype.org/?v=3.2" />
<sy:updatePeriod>hourly</sy:updatePeriod>
<items>
<rdf:Seq>{seq}
</rdf:Seq>
</items>
</channel>

{_items(c, item)}
</rdf:RDF>"""


def rss090(c: Ctx) -> str:
    def item(e: Entry) -> str:
        return f"""<item{e.attr}>
<title>{e.title_xml}</title>
{e.extra}<link>{e.href}</link>
</item>"""

    return f"""{c.decl}<rdf:RDF
xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
xmlns="http://my.netscape.com/rdf/simple/0.9/"{c.root_attr}>

<channel>
<title>Tech Headlines</title>
{c.rss_link()}
<description>Headlines from the tech desk</description>
</channel>

<image>
<title>Tech Headlines</title>
<url>{c.site}/images/mynetscape88.gif</url>
<link>{c.site}/</link>
</image>

{_items(c, item)}

</rdf:RDF>
"""


TEMPLATES = {
    "wordpress": ("rss2.0", wordpress),
    "blogger_rss": ("rss2.0", blogger_rss),
    "medium": ("rss2.0", medium),
    "substack": ("rss2.0", substack),
    "ghost": ("rss2.0", ghost),
    "news_site": ("rss2.0", news_site),
    "legacy_news": ("rss2.0", legacy_news),
    "statuspage_rss": ("rss2.0", statuspage_rss),
    "incidentio_rss": ("rss2.0", incidentio_rss),
    "instatus_rss": ("rss2.0", instatus_rss),
    "podcast": ("rss2.0", podcast),
    "hn_like": ("rss2.0", hn_like),
    "drupal": ("rss2.0", drupal),
    "hugo": ("rss2.0", hugo),
    "rss091": ("rss0.91", rss091),
    "rss092": ("rss0.92", rss092),
    "rdf_slash": ("rss1.0", rdf_slash),
    "rdf_movabletype": ("rss1.0", rdf_movabletype),
    "rss090": ("rss0.90", rss090),
}
