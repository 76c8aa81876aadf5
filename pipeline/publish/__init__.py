"""Publish: the dashboard site, the export bundle and the researchers' snapshot.

`site.build_dashboards` writes the site: `page` (site map, escaping, page chrome, atomic
writes), `palette` and `figures` (shared figure pieces) under one module per page
(`outages_page`, `news_page`, `users_page` with `crowd_figures`, `event_study_page`,
`vendor_page`, `board_page` for index.html), reading through `queries`. `exports` (one table),
`export_dictionary` and `bundle` write the CSV/Parquet exports; `snapshot` the read-only copy of
the warehouse; `docs` the README's data dictionary. Every query is a file of sql/publish/.
"""
