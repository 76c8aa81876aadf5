-- Attach (create) the snapshot file $path as the catalog {{snapshot}}, written in the older
-- storage format $storage_version so that DuckDB 1.x opens it (snapshot.OLDEST_READER and later).
attach $path as {{snapshot}} (storage_version $storage_version)
