-- Advance the incremental cursor; it never moves back (a page of older items keeps it).
insert into social_cursors values ($source, $format, $newest, $updated_at)
on conflict (source) do update set
    format = excluded.format,
    newest = case
        when social_cursors.newest is null then excluded.newest
        when excluded.newest is null then social_cursors.newest
        when social_cursors.format in ('hn_algolia', 'mastodon')
            and try_cast(excluded.newest as hugeint) is not null
            and try_cast(social_cursors.newest as hugeint) is not null
            then cast(greatest(cast(excluded.newest as hugeint),
                               cast(social_cursors.newest as hugeint)) as varchar)
        else greatest(excluded.newest, social_cursors.newest)
    end,
    updated_at = excluded.updated_at
