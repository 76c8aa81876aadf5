-- The rows of one exportable table {{table}} (a name from exports.EXPORTABLE) as the export
-- writes them: every column in table order; {{date_column}} in [$since, $until) (each bound
-- NULL for none); sorted by the spec's keys {{key_1}}..{{key_5}} (the last key repeated when
-- there are fewer), then by every column, so ties never depend on the scan.
select *
from {{table}}
where ($since is null or {{date_column}} >= $since)
  and ($until is null or {{date_column}} < $until)
order by {{key_1}}, {{key_2}}, {{key_3}}, {{key_4}}, {{key_5}}, columns(*)
