-- The warehouse as a DuckLake: catalog in Postgres, table data as Parquet in object storage.
-- Several readers and writers can then share it (DuckLake resolves concurrent commits in its
-- catalog), instead of the one-writer DuckDB file. On paper: see README "Scaling out".
--
-- The ducklake, postgres and httpfs extensions are built per DuckDB version: pin the duckdb
-- package (pyproject: duckdb>=2.0,<3) and install the extensions from the same release on
-- every machine, or ATTACH fails with a version mismatch.
INSTALL ducklake;
INSTALL postgres;
INSTALL httpfs;
CREATE SECRET radar_s3 (TYPE s3, PROVIDER credential_chain);
ATTACH 'ducklake:postgres:dbname=radar_catalog host=catalog.internal' AS radar
    (DATA_PATH 's3://radar-lake/warehouse/');
USE radar;
-- Then run sql/core/schema.sql and sql/core/views.sql against it once. The pipeline opens a
-- DuckDB file today (pipeline/core/warehouse.py: connect); opening this ATTACH instead is the
-- one code change the move needs, not built yet.
