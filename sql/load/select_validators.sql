-- Conditional-GET validators remembered per source (only while the catalog URL is unchanged).
select source, url, etag, last_modified from fetch_state
