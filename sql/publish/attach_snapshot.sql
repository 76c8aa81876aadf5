-- Attach (create) the snapshot file $path as the catalog {{snapshot}}.
attach $path as {{snapshot}}
