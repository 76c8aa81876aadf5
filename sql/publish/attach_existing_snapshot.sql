-- Attach an existing snapshot file $path (a copy of the last one) as the catalog {{snapshot}};
-- it keeps the storage format it was written in.
attach $path as {{snapshot}}
