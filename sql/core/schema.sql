-- Warehouse schema of Reliability Radar. Applied on every connection (idempotent).
-- Every table and column carries a COMMENT; the README's data dictionary mirrors them.
create table if not exists raw_fetches (
    source varchar not null,
    url varchar not null,
    fetched_at timestamptz not null,
    http_status integer,
    sha256 varchar not null,
    bytes bigint not null,
    content_type varchar,
    etag varchar,
    last_modified varchar,
    archive_path varchar not null,
    primary key (source, sha256)
);
comment on table raw_fetches is 'One row per distinct payload fetched from a source (content-addressed by sha256), recorded before parsing. Re-fetching identical bytes adds no row; every attempt, including 304s and failures, is in source_runs.';
comment on column raw_fetches.source is 'Source name from the catalog.';
comment on column raw_fetches.url is 'Final URL (after redirects) or resolved file path the payload came from.';
comment on column raw_fetches.fetched_at is 'UTC time this payload was first fetched.';
comment on column raw_fetches.http_status is 'HTTP status of the response (NULL for file and path sources).';
comment on column raw_fetches.sha256 is 'SHA-256 of the payload bytes; names the file in the raw archive.';
comment on column raw_fetches.bytes is 'Payload size in bytes (after content decoding).';
comment on column raw_fetches.content_type is 'Content-Type header of the response, if any.';
comment on column raw_fetches.etag is 'ETag header of the response, used for conditional GET.';
comment on column raw_fetches.last_modified is 'Last-Modified header of the response, used for conditional GET.';
comment on column raw_fetches.archive_path is 'Path of the archived payload, relative to the home.';

create table if not exists fetch_state (
    source varchar primary key,
    url varchar not null,
    etag varchar,
    last_modified varchar,
    sha256 varchar,
    fetched_at timestamptz,
    parsed_sha256 varchar,
    parsed_at timestamptz
);
comment on table fetch_state is 'Per source: conditional-GET validators of the last good fetch and which payload was last parsed (a payload already parsed is not parsed again).';
comment on column fetch_state.source is 'Source name from the catalog.';
comment on column fetch_state.url is 'URL or path the state belongs to; a changed catalog URL resets the validators.';
comment on column fetch_state.etag is 'ETag of the last 200 response (sent as If-None-Match).';
comment on column fetch_state.last_modified is 'Last-Modified of the last 200 response (sent as If-Modified-Since).';
comment on column fetch_state.sha256 is 'SHA-256 of the last payload fetched.';
comment on column fetch_state.fetched_at is 'UTC time of the last successful fetch (200 or 304).';
comment on column fetch_state.parsed_sha256 is 'SHA-256 of the last payload parsed into the warehouse.';
comment on column fetch_state.parsed_at is 'UTC time that payload was parsed.';

create table if not exists source_runs (
    run_id varchar not null,
    source varchar not null,
    kind varchar not null,
    started_at timestamptz not null,
    fetch_outcome varchar not null,
    http_status integer,
    attempts integer,
    bytes bigint,
    sha256 varchar,
    format varchar,
    records_parsed integer,
    quarantined integer,
    rows_written integer,
    error varchar,
    pages_fetched integer,
    pages_failed integer,
    vendor varchar,
    is_lenient boolean,
    encoding varchar,
    primary key (run_id, source)
);
-- Warehouses written before news support (pages_*), status coverage (vendor) or the lenient
-- feed reader (is_lenient, encoding) lack these.
alter table source_runs add column if not exists pages_fetched integer;
alter table source_runs add column if not exists pages_failed integer;
alter table source_runs add column if not exists vendor varchar;
alter table source_runs add column if not exists is_lenient boolean;
alter table source_runs add column if not exists encoding varchar;
comment on table source_runs is 'Append-only log: one row per source and run, with the fetch outcome and parse counts; the run summary is read from it.';
comment on column source_runs.run_id is 'Dagster run id.';
comment on column source_runs.source is 'Source name from the catalog.';
comment on column source_runs.kind is 'Source kind: status, news or social.';
comment on column source_runs.started_at is 'UTC time the fetch of this source started.';
comment on column source_runs.fetch_outcome is 'fetched (new payload), unchanged (same bytes as already parsed), not_modified (HTTP 304) or failed.';
comment on column source_runs.http_status is 'HTTP status of the final response (NULL for files or when no response came).';
comment on column source_runs.attempts is 'Number of HTTP attempts made (retries included).';
comment on column source_runs.bytes is 'Payload size in bytes (NULL when nothing was fetched).';
comment on column source_runs.sha256 is 'SHA-256 of the payload fetched in this run.';
comment on column source_runs.format is 'Wire format detected for the payload (e.g. statuspage_atom).';
comment on column source_runs.records_parsed is 'Records seen in the payload (incidents plus quarantined records); NULL when not parsed.';
comment on column source_runs.quarantined is 'Records of the payload sent to quarantine.';
comment on column source_runs.rows_written is 'Observation rows (incidents and updates) written from the payload.';
comment on column source_runs.error is 'Why the source failed (fetch or whole-payload parse error), else NULL.';
comment on column source_runs.pages_fetched is 'News sources: article pages fetched and extracted in this run.';
comment on column source_runs.pages_failed is 'News sources: article pages that failed (fetch error or quarantined page) in this run.';
comment on column source_runs.is_lenient is 'RSS/Atom payloads: true when the strict XML parser refused the payload (not well-formed, unknown root, undeclared prefix, bad encoding) and feedparser read it; false when the strict parser read it; NULL for other formats, failed parses and rows written before the lenient reader.';
comment on column source_runs.encoding is 'RSS/Atom payloads: the character encoding the payload was read in and how it was chosen, e.g. ''utf-8 (declared)'', ''big5 (detected)'' (bom, declared, http charset, default UTF-8 or detected); NULL otherwise.';
comment on column source_runs.vendor is 'Status sources: the vendor slug the catalog gave the source in this run (NULL for news and social sources, and for rows written before status coverage was recorded); status_coverage reads it.';

create table if not exists quarantine (
    source varchar not null,
    record_ref varchar not null,
    reason varchar not null,
    seen_at timestamptz not null,
    sha256 varchar,
    primary key (source, record_ref, reason)
);
comment on table quarantine is 'Records (or whole payloads, record_ref payload:<sha256 prefix>) that could not be used, with the reason. Kept once per source, record and reason.';
comment on column quarantine.source is 'Source name from the catalog.';
comment on column quarantine.record_ref is 'Which record: the feed entry id or incident id, or payload:<sha256 prefix> for a whole payload.';
comment on column quarantine.reason is 'Why the record was not used.';
comment on column quarantine.seen_at is 'UTC fetch time of the payload the record was first seen in.';
comment on column quarantine.sha256 is 'SHA-256 of that payload in the raw archive.';

create table if not exists incident_observations (
    vendor varchar not null,
    incident_id varchar not null,
    source varchar not null,
    format varchar not null,
    title varchar,
    impact varchar,
    is_impact_inferred boolean not null,
    is_maintenance boolean not null,
    started_at timestamptz,
    resolved_at timestamptz,
    status varchar,
    components varchar[],
    url varchar,
    observed_at timestamptz,
    has_history boolean not null,
    -- deprecated aliases (schema version 4), virtual: written rows never name them
    impact_inferred boolean as (is_impact_inferred),
    primary key (vendor, incident_id, source)
);
comment on table incident_observations is 'What each source last said about each incident (one row per vendor, incident and source); incidents merges them.';
comment on column incident_observations.vendor is 'Vendor slug.';
comment on column incident_observations.incident_id is 'Vendor incident code (last path segment of the incident URL; the JSON id).';
comment on column incident_observations.source is 'Source name the observation came from.';
comment on column incident_observations.format is 'Wire format of the payload (statuspage_atom, statuspage_json, incidentio_atom, ...).';
comment on column incident_observations.title is 'Incident title as published.';
comment on column incident_observations.impact is 'Impact: none, minor, major, critical or maintenance.';
comment on column incident_observations.is_impact_inferred is 'True when the feed has no impact field and impact was inferred from wording.';
comment on column incident_observations.is_maintenance is 'True for scheduled maintenance.';
comment on column incident_observations.started_at is 'UTC start as this source gives it (earliest update for feeds without a start field).';
comment on column incident_observations.resolved_at is 'UTC resolution time as this source gives it; NULL while open.';
comment on column incident_observations.status is 'Latest status label, normalized.';
comment on column incident_observations.components is 'Affected components named by this source.';
comment on column incident_observations.url is 'Incident page URL.';
comment on column incident_observations.observed_at is 'UTC time the source last changed this incident (entry updated / updated_at).';
comment on column incident_observations.has_history is 'False when the source carries only the latest update (incident.io Atom), so its start time is a guess.';
comment on column incident_observations.impact_inferred is 'Deprecated alias of is_impact_inferred; removed in schema version 5.';

create table if not exists update_observations (
    vendor varchar not null,
    incident_id varchar not null,
    source varchar not null,
    format varchar not null,
    status varchar not null,
    posted_at timestamptz not null,
    body varchar,
    primary key (vendor, incident_id, source, posted_at, status)
);
comment on table update_observations is 'Status updates as each source published them; incident_updates merges them.';
comment on column update_observations.vendor is 'Vendor slug.';
comment on column update_observations.incident_id is 'Vendor incident code.';
comment on column update_observations.source is 'Source name the update came from.';
comment on column update_observations.format is 'Wire format of the payload.';
comment on column update_observations.status is 'Normalized status of the update.';
comment on column update_observations.posted_at is 'UTC time the update was posted.';
comment on column update_observations.body is 'Update text (plain text, as published).';

create table if not exists incidents (
    vendor varchar not null,
    incident_id varchar not null,
    title varchar,
    impact varchar not null,
    is_impact_inferred boolean not null,
    is_maintenance boolean not null,
    started_at timestamptz not null,
    resolved_at timestamptz,
    duration_minutes double,
    components varchar[],
    url varchar,
    source varchar not null,
    sources varchar[] not null,
    status varchar,
    updates integer not null,
    is_duration_clipped boolean not null default false,
    -- deprecated aliases (schema version 4), virtual: written rows never name them
    impact_inferred boolean as (is_impact_inferred),
    duration_clipped boolean as (is_duration_clipped),
    primary key (vendor, incident_id)
);
-- Warehouses written before the incident length limit lack this column.
alter table incidents add column if not exists is_duration_clipped boolean default false;
comment on table incidents is 'One row per vendor status incident, merged across all feeds of the vendor (JSON preferred over Atom/RSS).';
comment on column incidents.vendor is 'Vendor slug (openai, anthropic, google, ...).';
comment on column incidents.incident_id is 'Vendor incident code (last path segment of the incident URL; equals the Statuspage JSON id).';
comment on column incidents.title is 'Incident title as published (untrusted text).';
comment on column incidents.impact is 'none, minor, major, critical or maintenance; from the feed, from affected components, or inferred from wording (see is_impact_inferred).';
comment on column incidents.is_impact_inferred is 'True when no source gave an impact and it was inferred from the title and update wording.';
comment on column incidents.is_maintenance is 'True for scheduled maintenance; maintenance never counts as outage.';
comment on column incidents.started_at is 'UTC start: the JSON started_at/created_at, else the earliest update.';
comment on column incidents.resolved_at is 'UTC resolution (first resolved/completed update); NULL while the incident is open.';
comment on column incidents.duration_minutes is 'Minutes from started_at to resolved_at; NULL while open.';
comment on column incidents.components is 'Affected components named by any source.';
comment on column incidents.url is 'Incident page URL.';
comment on column incidents.source is 'Source whose observation was preferred for this row.';
comment on column incidents.sources is 'All sources that reported the incident.';
comment on column incidents.status is 'Latest normalized status.';
comment on column incidents.updates is 'Number of distinct status updates in incident_updates.';
comment on column incidents.is_duration_clipped is 'True when the incident lasted longer than the plausible maximum (pipeline.core.limits.MAX_INCIDENT_DURATION, 90 days): the row keeps the published times and duration_minutes, but outage_daily (and MTTR) count it as ending 90 days after started_at. False otherwise, and while open (an open incident is clipped the same way in outage_daily).';
comment on column incidents.impact_inferred is 'Deprecated alias of is_impact_inferred; removed in schema version 5.';
comment on column incidents.duration_clipped is 'Deprecated alias of is_duration_clipped; removed in schema version 5.';

create table if not exists incident_updates (
    vendor varchar not null,
    incident_id varchar not null,
    status varchar not null,
    posted_at timestamptz not null,
    body varchar,
    source varchar not null,
    primary key (vendor, incident_id, posted_at, status)
);
comment on table incident_updates is 'One row per status update of an incident, deduplicated across feeds (same status within the same minute is one update).';
comment on column incident_updates.vendor is 'Vendor slug.';
comment on column incident_updates.incident_id is 'Vendor incident code; joins incidents.';
comment on column incident_updates.status is 'investigating, identified, monitoring, update, resolved, postmortem, scheduled, in_progress, verifying or completed.';
comment on column incident_updates.posted_at is 'UTC time the update was posted (the most precise source wins).';
comment on column incident_updates.body is 'Update text as published (untrusted text).';
comment on column incident_updates.source is 'Source the kept copy of the update came from.';

create table if not exists outage_daily (
    vendor varchar not null,
    day date not null,
    incidents_started integer not null,
    outage_minutes double not null,
    major_outage_minutes double not null,
    weighted_down_minutes double not null,
    uptime_pct double not null,
    mttr_minutes double,
    maintenance_minutes double not null,
    primary key (vendor, day)
);
comment on table outage_daily is 'Outage indicators per vendor and UTC day of the data window that a status feed of the vendor covers (see the view status_coverage): from the day of the earliest incident or update the feed ever reported (or of its first successful fetch, if earlier) to the day of its last successful fetch. Covered days without incidents are rows (uptime 100); uncovered days (no feed, a feed that never fetched, days before its history or after it stopped answering) have no row: no data is not uptime.';
comment on column outage_daily.vendor is 'Vendor slug.';
comment on column outage_daily.day is 'UTC calendar day.';
comment on column outage_daily.incidents_started is 'Non-maintenance incidents that started this day.';
comment on column outage_daily.outage_minutes is 'Minutes of the day covered by at least one non-maintenance incident of impact minor, major or critical (union of intervals; open incidents run to the end of the data window; an incident counts at most MAX_INCIDENT_DURATION, 90 days, from its start: see incidents.duration_clipped).';
comment on column outage_daily.major_outage_minutes is 'Minutes of the day covered by at least one non-maintenance incident of impact major or critical.';
comment on column outage_daily.weighted_down_minutes is 'Sum over the minutes of the day of the highest down-weight of the incidents covering it (critical 1.0, major 0.3, minor and maintenance 0).';
comment on column outage_daily.uptime_pct is '100 * (1 - weighted_down_minutes / 1440), in [0, 100].';
comment on column outage_daily.mttr_minutes is 'Mean duration in minutes of the resolved non-maintenance incidents that started this day, each capped at 90 days (incidents.is_duration_clipped); NULL when none.';
comment on column outage_daily.maintenance_minutes is 'Minutes of the day covered by scheduled maintenance (not counted as outage).';

create table if not exists news_items (
    source varchar not null,
    item_id varchar not null,
    url varchar not null,
    title varchar,
    summary varchar,
    published_at timestamptz,
    author varchar,
    categories varchar[],
    language varchar,
    first_seen_at timestamptz not null,
    primary key (source, item_id)
);
comment on table news_items is 'One row per item of a news feed (RSS/Atom), as the feed published it; articles deduplicates them into stories.';
comment on column news_items.source is 'News source name from the catalog.';
comment on column news_items.item_id is 'Item guid/id as published, else its link.';
comment on column news_items.url is 'Item link as published (may carry tracking parameters or be a redirect).';
comment on column news_items.title is 'Item title, plain text (untrusted).';
comment on column news_items.summary is 'Item summary/description, HTML removed (untrusted).';
comment on column news_items.published_at is 'UTC publication time given by the feed (NULL if none).';
comment on column news_items.author is 'Author given by the feed.';
comment on column news_items.categories is 'Categories/tags given by the feed.';
comment on column news_items.language is 'Language code of the item or feed, if declared.';
comment on column news_items.first_seen_at is 'UTC fetch time of the payload the item was first seen in.';

create table if not exists article_pages (
    url varchar primary key,
    final_url varchar,
    canonical_url varchar,
    title varchar,
    published_at timestamptz,
    author varchar,
    text varchar,
    language varchar,
    encoding varchar,
    sha256 varchar,
    fetched_at timestamptz not null,
    status varchar not null,
    error varchar
);
comment on table article_pages is 'One row per article page fetched for a news item link, with what was extracted from its HTML.';
comment on column article_pages.url is 'Item link the page was fetched from.';
comment on column article_pages.final_url is 'URL after redirects.';
comment on column article_pages.canonical_url is 'Canonical URL declared by the page (link rel=canonical, og:url).';
comment on column article_pages.title is 'Title from the page (og:title, h1 or <title>).';
comment on column article_pages.published_at is 'UTC publication time from the page (article:published_time, JSON-LD datePublished, <time>).';
comment on column article_pages.author is 'Author from the page metadata.';
comment on column article_pages.text is 'Main text of the page (scripts, navigation, footers, banners removed); empty when none was usable.';
comment on column article_pages.language is 'Language declared by the page (html lang) or detected.';
comment on column article_pages.encoding is 'Character encoding the page was decoded with.';
comment on column article_pages.sha256 is 'SHA-256 of the page bytes in the raw archive.';
comment on column article_pages.fetched_at is 'UTC time the page was fetched.';
comment on column article_pages.status is 'ok (text extracted), no_text (page without usable text: the feed summary is used), failed (fetch error or hostile/broken page, see quarantine).';
comment on column article_pages.error is 'Why the page failed, else NULL.';

create table if not exists articles (
    article_id varchar primary key,
    source varchar not null,
    url varchar not null,
    canonical_url varchar not null,
    published_at timestamptz,
    title varchar,
    summary varchar,
    text_source varchar not null,
    language varchar,
    vendors varchar[] not null,
    topics varchar[] not null,
    tone double not null,
    sources varchar[] not null,
    urls varchar[] not null,
    copies integer not null
);
comment on table articles is 'One row per news story: feed items deduplicated by canonical URL and by near-duplicate text (syndicated copies), tagged with vendors, topics and tone.';
comment on column articles.article_id is 'Stable id of the story: first 16 hex digits of sha256 of the canonical URL of its earliest copy.';
comment on column articles.source is 'Source of the earliest copy of the story.';
comment on column articles.url is 'Link of the earliest copy as published.';
comment on column articles.canonical_url is 'Normalized canonical URL of the earliest copy (scheme, www., tracking parameters, AMP and trailing slashes removed).';
comment on column articles.published_at is 'UTC publication time of the earliest copy (page metadata, else feed).';
comment on column articles.title is 'Headline (untrusted text).';
comment on column articles.summary is 'Feed summary of the earliest copy (untrusted text).';
comment on column articles.text_source is 'Where the analysed text came from: page (article page text) or feed_summary (no usable page).';
comment on column articles.language is 'Language of the story, if known.';
comment on column articles.vendors is 'Vendor slugs the story is about, the most central first (see README, vendor tagging).';
comment on column articles.topics is 'Topics: outage, migration, pricing, model_release, funding, regulation, security, partnership.';
comment on column articles.tone is 'Tone in [-1, 1] from the lexicon scorer; the headline weighs more than the body.';
comment on column articles.sources is 'Every source the story appeared in.';
comment on column articles.urls is 'Every distinct link the story appeared under.';
comment on column articles.copies is 'Number of feed items merged into the story.';

create table if not exists news_daily (
    vendor varchar not null,
    day date not null,
    articles integer not null,
    tone_mean double,
    outage_articles integer not null,
    migration_articles integer not null,
    lead_articles integer not null,
    sources integer not null,
    primary key (vendor, day)
);
comment on table news_daily is 'News coverage per vendor and UTC day over the data window; days without coverage are rows with zero articles.';
comment on column news_daily.vendor is 'Vendor slug.';
comment on column news_daily.day is 'UTC publication day.';
comment on column news_daily.articles is 'Stories that mention the vendor.';
comment on column news_daily.tone_mean is 'Mean tone of those stories in [-1, 1]; NULL without stories.';
comment on column news_daily.outage_articles is 'Of those, stories with topic outage.';
comment on column news_daily.migration_articles is 'Of those, stories with topic migration.';
comment on column news_daily.lead_articles is 'Stories where the vendor is the most central one (first in vendors).';
comment on column news_daily.sources is 'Distinct sources that carried those stories.';

create table if not exists posts (
    post_id varchar primary key,
    platform varchar not null,
    created_at timestamptz not null,
    author varchar,
    text varchar not null,
    url varchar,
    vendors varchar[] not null,
    sentiment double not null,
    language varchar,
    kind varchar not null,
    thread_id varchar,
    score integer,
    is_outage_report boolean not null,
    source varchar not null,
    first_seen_at timestamptz not null
);
comment on table posts is 'One row per social post or comment across runs and sources (post_id = platform:native id), text cleaned, tagged with vendors and scored.';
comment on column posts.post_id is 'Stable id: platform:native id (hn:<objectID>, reddit:<id>, bluesky:<at:// uri>, mastodon:<id>).';
comment on column posts.platform is 'hn, reddit, bluesky or mastodon.';
comment on column posts.created_at is 'UTC time the post was written.';
comment on column posts.author is 'Author handle as published (untrusted).';
comment on column posts.text is 'Post text as plain text: HTML, entities and links removed (untrusted).';
comment on column posts.url is 'Link to the post.';
comment on column posts.vendors is 'Vendor slugs mentioned (alias table; most central first).';
comment on column posts.sentiment is 'Sentiment in [-1, 1] from the lexicon scorer (pipeline/enrich/sentiment.py).';
comment on column posts.language is 'Language declared by the platform, if any.';
comment on column posts.kind is 'story, comment or post.';
comment on column posts.thread_id is 'Story / submission / root post the post replies to, if any.';
comment on column posts.score is 'Points, score or likes when the platform gives them.';
comment on column posts.is_outage_report is 'True when the post reports the service failing right now (pipeline/enrich/outage_reports.py).';
comment on column posts.source is 'Catalog source the post was first loaded from.';
comment on column posts.first_seen_at is 'UTC fetch time of the payload the post was first seen in.';

create table if not exists migrations (
    post_id varchar primary key,
    platform varchar not null,
    created_at timestamptz not null,
    from_vendor varchar not null,
    to_vendor varchar not null,
    confidence double not null
);
comment on table migrations is 'Posts that report their author (or team) switching from one vendor to another (pipeline/enrich/migration.py); questions, refusals, hearsay, comparisons and non-vendor moves are excluded.';
comment on column migrations.post_id is 'The post (joins posts).';
comment on column migrations.platform is 'hn, reddit, bluesky or mastodon.';
comment on column migrations.created_at is 'UTC time of the post.';
comment on column migrations.from_vendor is 'Vendor the author left.';
comment on column migrations.to_vendor is 'Vendor the author moved to.';
comment on column migrations.confidence is 'Confidence in [0, 1]: explicit from/to phrasing scores highest.';

create table if not exists social_cursors (
    source varchar primary key,
    format varchar,
    newest varchar,
    updated_at timestamptz not null
);
comment on table social_cursors is 'Per social source: the newest item seen, from which the next run continues incrementally.';
comment on column social_cursors.source is 'Social source name from the catalog.';
comment on column social_cursors.format is 'Wire format of the source (hn_algolia, reddit, bluesky, mastodon, jsonl).';
comment on column social_cursors.newest is 'Newest native id / time seen (platform specific: HN created_at_i, Reddit fullname, Bluesky createdAt, Mastodon id).';
comment on column social_cursors.updated_at is 'UTC time of the run that last advanced it.';

create table if not exists sentiment_daily (
    vendor varchar not null,
    day date not null,
    source_type varchar not null,
    items integer not null,
    sentiment_mean double,
    negative_share double,
    primary key (vendor, day, source_type)
);
comment on table sentiment_daily is 'Mean sentiment per vendor, UTC day and source type (social posts; news stories by tone) over the data window; days without items are rows with items = 0.';
comment on column sentiment_daily.vendor is 'Vendor slug.';
comment on column sentiment_daily.day is 'UTC day.';
comment on column sentiment_daily.source_type is 'social (posts) or news (articles).';
comment on column sentiment_daily.items is 'Posts or stories mentioning the vendor that day.';
comment on column sentiment_daily.sentiment_mean is 'Mean sentiment (posts) or tone (stories) in [-1, 1]; NULL without items.';
comment on column sentiment_daily.negative_share is 'Share of those items scoring below -0.05; NULL without items.';

create table if not exists migration_daily (
    day date not null,
    from_vendor varchar not null,
    to_vendor varchar not null,
    posts integer not null,
    primary key (day, from_vendor, to_vendor)
);
comment on table migration_daily is 'Reported switches per UTC day and vendor pair (only pairs with at least one post that day).';
comment on column migration_daily.day is 'UTC day of the posts.';
comment on column migration_daily.from_vendor is 'Vendor left.';
comment on column migration_daily.to_vendor is 'Vendor moved to.';
comment on column migration_daily.posts is 'Posts reporting that switch that day.';

create table if not exists migration_index_daily (
    vendor varchar not null,
    day date not null,
    inflow integer not null,
    outflow integer not null,
    net integer not null,
    inflow_7d integer not null,
    outflow_7d integer not null,
    net_7d integer not null,
    share_7d double,
    primary key (vendor, day)
);
comment on table migration_index_daily is 'Net migration index per vendor and UTC day over the data window: switches to the vendor minus switches away, and 7-day rolling figures.';
comment on column migration_index_daily.vendor is 'Vendor slug.';
comment on column migration_index_daily.day is 'UTC day.';
comment on column migration_index_daily.inflow is 'Posts reporting a switch to the vendor that day.';
comment on column migration_index_daily.outflow is 'Posts reporting a switch away from the vendor that day.';
comment on column migration_index_daily.net is 'inflow - outflow.';
comment on column migration_index_daily.inflow_7d is 'Inflow over the 7 days ending that day.';
comment on column migration_index_daily.outflow_7d is 'Outflow over the 7 days ending that day.';
comment on column migration_index_daily.net_7d is 'inflow_7d - outflow_7d.';
comment on column migration_index_daily.share_7d is 'Share of all reported switches of the 7 days ending that day that went to the vendor (inflow_7d / all switches); NULL when there were none.';

create table if not exists outage_reports_hourly (
    vendor varchar not null,
    hour timestamptz not null,
    reports integer not null,
    baseline double not null,
    mad double not null,
    threshold double not null,
    is_excess boolean not null,
    is_anomaly boolean not null,
    -- deprecated alias (schema version 4), virtual: written rows never name it
    excess boolean as (is_excess),
    primary key (vendor, hour)
);
comment on table outage_reports_hourly is 'Crowd outage reports per vendor and UTC hour of the data window, every vendor x hour (zeros included), with a robust same-hour-of-week baseline and an anomaly flag. Rebuilt by sql/indicators/build_outage_reports_hourly.sql.';
comment on column outage_reports_hourly.vendor is 'Vendor slug (the run''s vendor list plus every vendor tagged in posts).';
comment on column outage_reports_hourly.hour is 'Start of the UTC hour.';
comment on column outage_reports_hourly.reports is 'Distinct reporters of the hour: (platform, author) pairs with an outage-report post (posts.is_outage_report) tagged with the vendor; a post without author counts as one reporter.';
comment on column outage_reports_hourly.baseline is 'Median of reports at the same hour of the week over the previous 4 weeks; hours before the first post day are unobserved and skipped (fewer weeks at the start); 0 when no week was observed.';
comment on column outage_reports_hourly.mad is 'Median absolute deviation of those weeks'' reports from baseline (0 when none).';
comment on column outage_reports_hourly.threshold is 'baseline + max(3, 4 * 1.4826 * mad): a robust 4-sigma bound, never fewer than 3 reporters above the baseline.';
comment on column outage_reports_hourly.is_excess is 'reports > threshold.';
comment on column outage_reports_hourly.is_anomaly is 'is_excess and the previous or next hour is excess too: part of a run of at least 2 consecutive excess hours (a single noisy hour is not an outage; the newest hour waits for the next).';
comment on column outage_reports_hourly.excess is 'Deprecated alias of is_excess; removed in schema version 5.';

create table if not exists incident_lead_times (
    vendor varchar not null,
    incident_id varchar not null,
    title varchar,
    impact varchar not null,
    started_at timestamptz not null,
    resolved_at timestamptz,
    first_anomaly_at timestamptz,
    anomaly_ended_at timestamptz,
    anomaly_hours integer,
    lead_minutes double,
    peak_reports integer,
    burst_id varchar,
    -- deprecated aliases (schema version 4), virtual: written rows never name them
    anomaly_run_end timestamptz as (anomaly_ended_at),
    crowd_peak_reports integer as (peak_reports),
    primary key (vendor, incident_id)
);
alter table incident_lead_times add column if not exists burst_id varchar;
comment on table incident_lead_times is 'Per official non-maintenance incident starting in the data window: the crowd burst (crowd_anomaly_runs, runs of anomalous hours of outage_reports_hourly) credited to it, one to one: a burst goes to the first non-maintenance incident of its vendor starting in [started_at - 1 h, started_at + 3 h) of the burst, and an incident chosen by several bursts keeps the earliest. Rebuilt by sql/indicators/build_incident_lead_times.sql.';
comment on column incident_lead_times.vendor is 'Vendor slug.';
comment on column incident_lead_times.incident_id is 'Vendor incident code (incidents.incident_id).';
comment on column incident_lead_times.title is 'Incident title as published (untrusted text).';
comment on column incident_lead_times.impact is 'Incident impact: none, minor, major or critical (maintenance is excluded).';
comment on column incident_lead_times.started_at is 'UTC start of the incident.';
comment on column incident_lead_times.resolved_at is 'UTC resolution of the incident; NULL while open.';
comment on column incident_lead_times.first_anomaly_at is 'Start of the matched burst (its first anomalous hour); NULL when no burst was credited to the incident.';
comment on column incident_lead_times.anomaly_ended_at is 'End of the matched burst (exclusive: last anomalous hour + 1 h).';
comment on column incident_lead_times.anomaly_hours is 'Anomalous hours in the matched burst.';
comment on column incident_lead_times.lead_minutes is 'Minutes from started_at to first_anomaly_at, in [-180, +60]: negative = users noticed before the status page; NULL = no crowd burst credited to the incident.';
comment on column incident_lead_times.peak_reports is 'Highest hourly reports in the matched burst.';
comment on column incident_lead_times.burst_id is 'Id of the matched burst (crowd_anomaly_runs.burst_id: ''<vendor>:<started_at in UTC as YYYY-MM-DDTHH:00Z>''), unique in the table; NULL when none.';
comment on column incident_lead_times.anomaly_run_end is 'Deprecated alias of anomaly_ended_at; removed in schema version 5.';
comment on column incident_lead_times.crowd_peak_reports is 'Deprecated alias of peak_reports; removed in schema version 5.';

create table if not exists silent_outages (
    vendor varchar not null,
    started_at timestamptz not null,
    ended_at timestamptz not null,
    hours integer not null,
    peak_reports integer not null,
    total_reports integer not null,
    -- deprecated aliases (schema version 4), virtual: written rows never name them
    run_start timestamptz as (started_at),
    run_end timestamptz as (ended_at),
    primary key (vendor, started_at)
);
comment on table silent_outages is 'Runs of consecutive anomalous crowd hours (outage_reports_hourly.is_anomaly) that no official incident of the vendor explains: no incident (maintenance included) starts in [started_at - 6 h, ended_at + 6 h) (a window that holds the one in which incident_lead_times credits a run to an incident) and no incident interval overlaps the run. Rebuilt by sql/indicators/build_silent_outages.sql.';
comment on column silent_outages.vendor is 'Vendor slug.';
comment on column silent_outages.started_at is 'Start of the first anomalous hour (UTC).';
comment on column silent_outages.ended_at is 'End of the run, exclusive: last anomalous hour + 1 h.';
comment on column silent_outages.hours is 'Anomalous hours in the run (>= 2).';
comment on column silent_outages.peak_reports is 'Highest hourly reports in the run.';
comment on column silent_outages.total_reports is 'Sum of hourly reports over the run (a reporter active in several hours counts in each).';
comment on column silent_outages.run_start is 'Deprecated alias of started_at; removed in schema version 5.';
comment on column silent_outages.run_end is 'Deprecated alias of ended_at; removed in schema version 5.';

-- schema_version and the researcher views (sql/core/views.sql): see pipeline.core.warehouse.SCHEMA_VERSION.
create table if not exists schema_version (
    version integer not null,
    applied_at timestamptz not null,
    description varchar not null,
    primary key (version)
);
comment on table schema_version is 'One row per warehouse schema version this warehouse has been opened with (pipeline.core.warehouse.SCHEMA_VERSION); the highest version is the current schema. Inserted idempotently by every writer connection.';
comment on column schema_version.version is 'Schema version number; raised whenever tables, columns or views change.';
comment on column schema_version.applied_at is 'UTC time a writer first opened the warehouse with this version.';
comment on column schema_version.description is 'What this version added or changed.';

-- Event study (pipeline/indicators/event_study.py): responses to major/critical incidents.
create table if not exists event_study (
    event_id varchar not null,
    vendor varchar not null,
    event_day date not null,
    last_incident_day date not null,
    incident_id varchar not null,
    title varchar,
    started_at timestamptz not null,
    incidents integer not null,
    worst_impact varchar not null,
    subject_vendor varchar not null,
    role varchar not null,
    metric varchar not null,
    pre_days integer not null,
    post_days integer not null,
    pre_mean double,
    post_mean double,
    delta double,
    ci_low double,
    ci_high double,
    level double,
    delta_norm double,
    -- deprecated alias (schema version 4), virtual: written rows never name it
    last_day date as (last_incident_day),
    primary key (event_id, subject_vendor, metric)
);
comment on table event_study is 'Event study: per event (a cluster of a vendor''s major/critical non-maintenance incidents whose UTC start days are at most 7 days apart), subject vendor (the incident''s vendor or a competitor) and metric, the mean daily value in the 3 days before the event day (days -3..-1) and in days 0..+3, their difference and a 95% bootstrap interval (days resampled within each window, seeded). Rows only for subjects with data for the metric. Rebuilt by pipeline/indicators/event_study.py.';
comment on column event_study.event_id is 'Event id: <vendor>:<event_day>.';
comment on column event_study.vendor is 'Vendor whose incidents make the event.';
comment on column event_study.event_day is 'UTC start day of the first incident of the event (day 0).';
comment on column event_study.last_incident_day is 'UTC start day of the last incident of the event (incidents chained at most 7 days apart).';
comment on column event_study.incident_id is 'First incident of the event (incidents.incident_id).';
comment on column event_study.title is 'Title of the first incident as published (untrusted text).';
comment on column event_study.started_at is 'UTC start of the first incident.';
comment on column event_study.incidents is 'Major/critical incidents in the event.';
comment on column event_study.worst_impact is 'critical when any incident of the event is critical, else major.';
comment on column event_study.subject_vendor is 'Vendor whose metric is measured.';
comment on column event_study.role is 'vendor (subject_vendor = vendor) or competitor (any other vendor with data for the metric).';
comment on column event_study.metric is 'sentiment (mean social post sentiment, sentiment_daily), crowd_reports (crowd outage reports per day, outage_reports_hourly summed), news_articles (stories per day, news_daily), news_tone (mean story tone, news_daily), migration_inflow / migration_outflow (posts reporting a switch to / away from the subject per day, migration_daily).';
comment on column event_study.pre_days is 'Observed days in the pre window (days -3..-1 inside the data window; for sentiment and news_tone only days with items).';
comment on column event_study.post_days is 'Observed days in the post window (days 0..+3), same rule.';
comment on column event_study.pre_mean is 'Mean daily value over the observed pre-window days (counts: missing days are 0); NULL without observed days.';
comment on column event_study.post_mean is 'Mean daily value over the observed post-window days; NULL without observed days.';
comment on column event_study.delta is 'post_mean - pre_mean (per day for counts, in sentiment points for means).';
comment on column event_study.ci_low is 'Lower bound of the 95% percentile bootstrap interval of delta (2000 resamples of the days of each window, fixed seed); NULL when a window has fewer than 2 observed days.';
comment on column event_study.ci_high is 'Upper bound of the 95% bootstrap interval of delta; NULL like ci_low.';
comment on column event_study.level is 'Count metrics: the subject''s mean daily value over the whole data window (its typical level, used to compare vendors of different sizes); NULL for sentiment and news_tone.';
comment on column event_study.delta_norm is 'Count metrics: delta / level (change in multiples of the typical daily level); NULL for means or when level is 0.';
comment on column event_study.last_day is 'Deprecated alias of last_incident_day; removed in schema version 5.';

create table if not exists event_study_summary (
    scope varchar not null,
    role varchar not null,
    metric varchar not null,
    events integer not null,
    delta_mean double,
    delta_ci_low double,
    delta_ci_high double,
    norm_mean double,
    norm_ci_low double,
    norm_ci_high double,
    primary key (scope, role, metric)
);
comment on table event_study_summary is 'Average event-study response across events: per scope (all events or one vendor''s events), role and metric, the mean over events of event_study.delta and delta_norm with a 95% bootstrap interval over events (events resampled, seeded). For role competitor an event contributes the mean over its competitors. Rebuilt by pipeline/indicators/event_study.py.';
comment on column event_study_summary.scope is 'all (every event) or a vendor slug (only that vendor''s events).';
comment on column event_study_summary.role is 'vendor (the incident''s vendor) or competitor (mean over the other vendors with data).';
comment on column event_study_summary.metric is 'Metric name as in event_study.metric.';
comment on column event_study_summary.events is 'Events with a delta for this role and metric.';
comment on column event_study_summary.delta_mean is 'Mean of the events'' delta (post - pre, per day or in sentiment points).';
comment on column event_study_summary.delta_ci_low is 'Lower bound of the 95% bootstrap interval of delta_mean over events (2000 resamples); NULL with fewer than 2 events.';
comment on column event_study_summary.delta_ci_high is 'Upper bound of that interval; NULL with fewer than 2 events.';
comment on column event_study_summary.norm_mean is 'Count metrics: mean of the events'' delta_norm (change in multiples of the subject''s typical daily level); NULL for sentiment and news_tone.';
comment on column event_study_summary.norm_ci_low is 'Lower bound of the 95% bootstrap interval of norm_mean; NULL like norm_mean or with fewer than 2 events.';
comment on column event_study_summary.norm_ci_high is 'Upper bound of the 95% bootstrap interval of norm_mean.';

create table if not exists event_study_curve (
    scope varchar not null,
    role varchar not null,
    metric varchar not null,
    day_offset integer not null,
    events integer not null,
    change_mean double,
    change_ci_low double,
    change_ci_high double,
    norm_mean double,
    norm_ci_low double,
    norm_ci_high double,
    primary key (scope, role, metric, day_offset)
);
comment on table event_study_curve is 'Average response curve of the event study: per scope, role, metric and day offset from the event day (-7..+7), the mean over events of the day''s value minus the event''s pre-window mean (days -3..-1), with a 95% bootstrap interval over events. Rebuilt by pipeline/indicators/event_study.py.';
comment on column event_study_curve.scope is 'all (every event) or a vendor slug (only that vendor''s events).';
comment on column event_study_curve.role is 'vendor (the incident''s vendor) or competitor (mean over the other vendors with data).';
comment on column event_study_curve.metric is 'Metric name as in event_study.metric.';
comment on column event_study_curve.day_offset is 'Days from the event day (UTC); 0 is the day the first incident started.';
comment on column event_study_curve.events is 'Events with an observed value at this offset (and a pre-window mean).';
comment on column event_study_curve.change_mean is 'Mean over events of value(day) - pre-window mean (per day for counts, sentiment points for means).';
comment on column event_study_curve.change_ci_low is 'Lower bound of the 95% bootstrap interval of change_mean over events (2000 resamples); NULL with fewer than 2 events.';
comment on column event_study_curve.change_ci_high is 'Upper bound of that interval.';
comment on column event_study_curve.norm_mean is 'Count metrics: the same change divided by the subject''s typical daily level (event_study.level); NULL for sentiment and news_tone.';
comment on column event_study_curve.norm_ci_low is 'Lower bound of the 95% bootstrap interval of norm_mean.';
comment on column event_study_curve.norm_ci_high is 'Upper bound of the 95% bootstrap interval of norm_mean.';
