-- Bulk field extraction for JSON Lines social items (pipeline/parse/social_bulk.py).
-- Input: social_lines(n, line), one row per line. Output: one row per line (in no set order)
-- with the fields of its item (Reddit t1/t3 thing, HN Algolia hit, Bluesky PostView, Mastodon
-- status) and `fast`: true only when the line is an ordinary item whose every field has the
-- expected JSON type and a value the bulk rules handle exactly as the per-record parser
-- (parse/social_items.py) does. Every other line (not JSON, whole pages, unknown shapes, deleted
-- posts, odd types or timestamps, reblogs, Bluesky facets, ...) is left to the per-record parser.
with parsed as (
    -- One JSON parse per line for the types and one for the string values (a path list must
    -- be a constant, so the paths are written out in both lists).
    select
        n,
        json_type(line, [
            '$.kind', '$.data', '$.hits', '$.posts', '$.children', '$.objectID',
            '$.created_at_i', '$.id', '$.uri', '$.record', '$.content', '$.account', '$.data.id',
            '$.data.created_utc', '$.data.title', '$.data.selftext', '$.data.body',
            '$.data.author', '$.data.permalink', '$.data.link_id', '$.data.score', '$.deleted',
            '$.dead', '$._tags', '$.type', '$.comment_text', '$.text', '$.title', '$.story_text',
            '$.author', '$.points', '$.story_id', '$.record.text', '$.record.createdAt',
            '$.record.facets', '$.record.langs[0]', '$.record.reply.root.uri', '$.author.handle',
            '$.author.did', '$.likeCount', '$.reblog', '$.created_at', '$.spoiler_text',
            '$.in_reply_to_id', '$.account.acct', '$.url', '$.language', '$.favourites_count'
        ]) as t,
        json_extract_string(line, [
            '$.kind', '$.objectID', '$.created_at_i', '$.id', '$.uri', '$.content', '$.data.id',
            '$.data.created_utc', '$.data.title', '$.data.selftext', '$.data.body',
            '$.data.author', '$.data.permalink', '$.data.link_id', '$.data.score', '$.deleted',
            '$.dead', '$._tags', '$.type', '$.comment_text', '$.text', '$.title', '$.story_text',
            '$.author', '$.points', '$.story_id', '$.record.text', '$.record.createdAt',
            '$.record.facets', '$.record.langs[0]', '$.record.reply.root.uri', '$.author.handle',
            '$.author.did', '$.likeCount', '$.created_at', '$.spoiler_text', '$.in_reply_to_id',
            '$.account.acct', '$.url', '$.language', '$.favourites_count'
        ]) as s,
        -- the keys of every object read: json.loads keeps a repeated key's last value, DuckDB
        -- its first, so a line with a repeated key there is left to the per-record parser
        json_keys(line, [
            '$', '$.data', '$.record', '$.record.reply', '$.record.reply.root', '$.author',
            '$.account'
        ]) as k
    from social_lines
    -- $check_valid: keep only valid JSON (else a malformed line fails the whole query; the
    -- caller runs without the check first and repeats with it when DuckDB refuses a line)
    where regexp_matches(line, '^[ \t\r\n]*\{') and (not $check_valid or json_valid(line))
        -- DuckDB's reader is more lenient than Python's json: it accepts trailing commas and
        -- nan / inf literals. A line that may hold one (anywhere, even inside a string) is
        -- left to the per-record parser, which decides as json.loads does.
        and not regexp_matches(line, ',[ \t\r\n]*[}\]]|[:,\[][ \t\r\n]*[-+]?(?i:nan|inf)')
),
typed as (
    -- t_*: JSON type of a field (SQL NULL when the key is missing); s_*: its string value.
    select
        n,
        t[1] as t_kind,
        t[2] as t_data,
        t[3] as t_hits,
        t[4] as t_posts,
        t[5] as t_children,
        t[6] as t_object_id,
        t[7] as t_created_at_i,
        t[8] as t_id,
        t[9] as t_uri,
        t[10] as t_record,
        t[11] as t_content,
        t[12] as t_account,
        t[13] as t_r_id,
        t[14] as t_r_created,
        t[15] as t_r_title,
        t[16] as t_r_selftext,
        t[17] as t_r_body,
        t[18] as t_r_author,
        t[19] as t_r_permalink,
        t[20] as t_r_link_id,
        t[21] as t_r_score,
        t[22] as t_deleted,
        t[23] as t_dead,
        t[24] as t_tags,
        t[25] as t_type,
        t[26] as t_comment_text,
        t[27] as t_text,
        t[28] as t_title,
        t[29] as t_story_text,
        t[30] as t_author,
        t[31] as t_points,
        t[32] as t_story_id,
        t[33] as t_b_text,
        t[34] as t_b_created,
        t[35] as t_b_facets,
        t[36] as t_b_lang,
        t[37] as t_b_root,
        t[38] as t_b_handle,
        t[39] as t_b_did,
        t[40] as t_like_count,
        t[41] as t_reblog,
        t[42] as t_created_at,
        t[43] as t_spoiler,
        t[44] as t_reply_to,
        t[45] as t_acct,
        t[46] as t_url,
        t[47] as t_language,
        t[48] as t_favourites,
        s[1] as s_kind,
        s[2] as s_object_id,
        s[3] as s_created_at_i,
        s[4] as s_id,
        s[5] as s_uri,
        s[6] as s_content,
        s[7] as s_r_id,
        s[8] as s_r_created,
        s[9] as s_r_title,
        s[10] as s_r_selftext,
        s[11] as s_r_body,
        s[12] as s_r_author,
        s[13] as s_r_permalink,
        s[14] as s_r_link_id,
        s[15] as s_r_score,
        s[16] as s_deleted,
        s[17] as s_dead,
        json_extract_string(s[18], '$[*]') as l_tags,
        s[19] as s_type,
        s[20] as s_comment_text,
        s[21] as s_text,
        s[22] as s_title,
        s[23] as s_story_text,
        s[24] as s_author,
        s[25] as s_points,
        s[26] as s_story_id,
        s[27] as s_b_text,
        s[28] as s_b_created,
        json_array_length(s[29]) as b_facets_len,
        s[30] as s_b_lang,
        s[31] as s_b_root,
        s[32] as s_b_handle,
        s[33] as s_b_did,
        s[34] as s_like_count,
        s[35] as s_created_at,
        s[36] as s_spoiler,
        s[37] as s_reply_to,
        s[38] as s_acct,
        s[39] as s_url,
        s[40] as s_language,
        s[41] as s_favourites,
        list_bool_and(list_transform(k, lambda x: len(x) = len(list_distinct(x)))) as unique_keys
    from parsed
),
shaped as (
    -- The item shape, in the per-record parser's order (pages are never fast).
    select
        *,
        case
            when t_hits = 'ARRAY' or t_posts = 'ARRAY' or t_children = 'ARRAY'
                or (s_kind = 'Listing' and t_kind = 'VARCHAR') then null
            when t_kind = 'VARCHAR' and s_kind in ('t1', 't3') and t_data = 'OBJECT' then 'reddit'
            when t_kind is not null then null
            when t_object_id is not null or (t_created_at_i is not null and t_id is not null)
                then 'hn'
            when t_uri = 'VARCHAR' and t_record is not null then 'bluesky'
            when t_content is not null and t_account is not null and t_id is not null
                then 'mastodon'
        end as platform
    from typed
),
fields as (
    select
        n,
        platform,
        -- native id: a plain token string (no whitespace, <= 500 chars) or an integer
        case platform
            when 'reddit' then case when t_r_id = 'VARCHAR' then s_r_id end
            when 'hn' then
                case when t_object_id is not null then
                    case when t_object_id in ('VARCHAR', 'BIGINT', 'UBIGINT') then s_object_id end
                when t_id in ('VARCHAR', 'BIGINT', 'UBIGINT') then s_id end
            when 'bluesky' then s_uri
            when 'mastodon' then
                case when t_id in ('VARCHAR', 'BIGINT', 'UBIGINT') then s_id end
        end as native_id,
        case platform
            when 'reddit' then case when t_r_created in ('BIGINT', 'UBIGINT', 'DOUBLE')
                then try_cast(s_r_created as double) end
            when 'hn' then case when t_created_at_i in ('BIGINT', 'UBIGINT', 'DOUBLE')
                then try_cast(s_created_at_i as double) end
        end as epoch,
        case platform
            when 'bluesky' then case when t_b_created = 'VARCHAR' then s_b_created end
            when 'mastodon' then case when t_created_at = 'VARCHAR' then s_created_at end
        end as iso_time,
        case
            when platform = 'reddit' and s_kind = 't1' then 'comment'
            when platform = 'reddit' then 'story'
            -- coalesce: a missing _tags (NULL) must read as "no tag", as in Python
            when platform = 'hn' and (
                (t_type = 'VARCHAR' and s_type = 'comment')
                or coalesce(t_tags = 'ARRAY' and list_contains(l_tags, 'comment'), false)
                or (t_comment_text is not null and t_comment_text <> 'NULL'
                    and not coalesce(t_tags = 'ARRAY' and list_contains(l_tags, 'story'), false))
            ) then 'comment'
            when platform = 'hn' then 'story'
            when platform in ('bluesky', 'mastodon') then 'post'
        end as kind,
        unique_keys, t_kind, s_kind, t_deleted, s_deleted, t_dead, s_dead, t_created_at_i,
        t_b_facets, b_facets_len, t_reblog, t_author, s_author, t_content, s_content,
        t_r_title, s_r_title, t_r_selftext, s_r_selftext, t_r_body, s_r_body,
        t_comment_text, s_comment_text, t_text, s_text, t_title, s_title, t_story_text,
        s_story_text, t_spoiler, s_spoiler, t_b_text, s_b_text,
        case platform
            when 'reddit' then case when t_r_author = 'VARCHAR' then s_r_author end
            when 'hn' then case when t_author = 'VARCHAR' then s_author end
            when 'mastodon' then case when t_account = 'OBJECT' and t_acct = 'VARCHAR'
                then s_acct end
        end as author_raw,
        case when t_b_handle = 'VARCHAR' then s_b_handle end as b_handle,
        case when t_b_did = 'VARCHAR' then s_b_did end as b_did,
        case when t_r_permalink = 'VARCHAR' then s_r_permalink end as permalink,
        case when t_url = 'VARCHAR' then s_url end as m_url,
        case when t_uri = 'VARCHAR' then s_uri end as m_uri,
        case platform
            when 'bluesky' then case when t_b_lang = 'VARCHAR' then s_b_lang end
            when 'mastodon' then case when t_language = 'VARCHAR' then s_language end
        end as language_raw,
        -- thread: Reddit link_id, HN story_id, Bluesky reply root, Mastodon in_reply_to_id
        case platform
            when 'reddit' then case when s_kind = 't1' then
                case when t_r_link_id = 'VARCHAR' then s_r_link_id
                     when t_r_link_id in ('BIGINT', 'UBIGINT') then s_r_link_id
                     when t_r_link_id is null or t_r_link_id = 'NULL' then null
                     else ' bad' end end
            when 'hn' then
                case when t_story_id in ('VARCHAR', 'BIGINT', 'UBIGINT') then s_story_id
                     when t_story_id is null or t_story_id = 'NULL' then null
                     else ' bad' end
            when 'bluesky' then
                case when t_b_root = 'VARCHAR' then s_b_root
                     when t_b_root is null or t_b_root = 'NULL' then null
                     else ' bad' end
            when 'mastodon' then
                case when t_reply_to in ('VARCHAR', 'BIGINT', 'UBIGINT') then s_reply_to
                     when t_reply_to is null or t_reply_to = 'NULL' then null
                     else ' bad' end
        end as thread_raw,
        case platform
            when 'reddit' then case when t_r_score in ('BIGINT', 'UBIGINT', 'DOUBLE')
                then try_cast(s_r_score as double) end
            when 'hn' then case when t_points in ('BIGINT', 'UBIGINT', 'DOUBLE')
                then try_cast(s_points as double) end
            when 'bluesky' then case when t_like_count in ('BIGINT', 'UBIGINT', 'DOUBLE')
                then try_cast(s_like_count as double) end
            when 'mastodon' then case when t_favourites in ('BIGINT', 'UBIGINT', 'DOUBLE')
                then try_cast(s_favourites as double) end
        end as score_raw
    from shaped
),
texts as (
    -- part1 is plain text; part2 is cleaned by mode2 ('plain', 'markdown' or 'markup').
    -- A text field that is present but not a string (or missing where required) is slow.
    select
        *,
        case platform
            when 'reddit' then
                case when t_r_title = 'VARCHAR' then s_r_title
                     when (t_r_title is null or t_r_title = 'NULL') and s_kind = 't1' then ''
                end
            when 'hn' then
                case when kind = 'comment' then ''
                     when t_title = 'VARCHAR' then s_title
                     when t_title is null or t_title = 'NULL' then '' end
            when 'bluesky' then ''
            when 'mastodon' then
                case when t_spoiler = 'VARCHAR' then s_spoiler
                     when t_spoiler is null or t_spoiler = 'NULL' then '' end
        end as part1,
        case platform
            when 'reddit' then
                case when s_kind = 't1' then
                    case when t_r_body = 'VARCHAR' then s_r_body end
                else
                    case when t_r_selftext = 'VARCHAR' then s_r_selftext
                         when t_r_selftext is null or t_r_selftext = 'NULL' then '' end
                end
            when 'hn' then
                case
                    when kind = 'comment' and t_comment_text is not null then
                        case when t_comment_text = 'VARCHAR' then s_comment_text
                             when t_comment_text = 'NULL' then '' end
                    when kind = 'story' and t_story_text is not null then
                        case when t_story_text = 'VARCHAR' then s_story_text
                             when t_story_text = 'NULL' then '' end
                    when t_text = 'VARCHAR' then s_text
                    when t_text is null or t_text = 'NULL' then ''
                end
            when 'bluesky' then case when t_b_text = 'VARCHAR' then s_b_text end
            when 'mastodon' then case when t_content = 'VARCHAR' then s_content end
        end as part2,
        case platform when 'reddit' then 'markdown' when 'bluesky' then 'plain'
            else 'markup' end as mode2
    from fields
)
select
    n,
    platform,
    native_id,
    case
        when epoch >= $earliest_epoch and epoch <= $latest_epoch then to_timestamp(epoch)
        when iso_time is not null then try_cast(iso_time as timestamptz)
    end as created_at,
    kind,
    part1,
    part2,
    mode2,
    author_raw,
    b_handle,
    b_did,
    permalink,
    m_url,
    m_uri,
    language_raw,
    thread_raw,
    case when score_raw >= -2147483648 and score_raw < 2147483648
        then cast(trunc(score_raw) as bigint) end as score,
    platform is not null
    and unique_keys
    and native_id is not null
    and regexp_full_match(native_id, '[!-~]{1,500}')
    and part1 is not null
    and part2 is not null
    and regexp_full_match(coalesce(thread_raw, 'x'), '[!-~]{1,500}')
    -- a plausible time (pipeline/core/limits.py): $earliest .. $latest (the run's now + slack),
    -- as whole epoch seconds $earliest_epoch .. $latest_epoch
    and (
        (epoch is not null and epoch = floor(epoch)
            and epoch >= $earliest_epoch and epoch <= $latest_epoch)
        or (
            iso_time is not null
            and regexp_full_match(
                -- the times and offsets Python's fromisoformat accepts (DuckDB also takes
                -- hour 24 and offsets of 24 hours or more)
                iso_time, '\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?'
                    || '(Z|[+-]([01]\d|2[0-3]):[0-5]\d)'
            )
            and try_cast(iso_time as timestamptz) >= $earliest
            and try_cast(iso_time as timestamptz) <= $latest
        )
    )
    and case platform
        when 'reddit' then
            not regexp_matches(part2, '^\s*\[(deleted|removed)\]\s*$')
        when 'hn' then
            (t_deleted is null or t_deleted <> 'BOOLEAN' or s_deleted <> 'true')
            and (t_dead is null or t_dead <> 'BOOLEAN' or s_dead <> 'true')
            and t_created_at_i is not null
        when 'bluesky' then
            regexp_full_match(native_id, 'at://[^/]+/[^/]+/[^/]+')
            and (t_b_facets is null or t_b_facets = 'NULL'
                 or (t_b_facets = 'ARRAY' and b_facets_len = 0))
        when 'mastodon' then
            (t_reblog is null or t_reblog <> 'OBJECT')
            and regexp_matches(part2, '[^ \t\r\n]')
        else false
    end as fast
from texts
