-- event_study invariants: unique (event_id, subject_vendor, metric); role matches the vendors;
-- observed days within the windows (3 pre, 4 post); delta = post_mean - pre_mean; intervals
-- ordered and only with 2+ days per window; sentiment/tone means in [-1, 1]; unique curve and
-- summary keys, curve offsets within -7..+7.
select
    (select count(*) - count(distinct (event_id, subject_vendor, metric)) from event_study)
    + (
        select count(*) filter (
            where metric not in ('sentiment', 'crowd_reports', 'news_articles', 'news_tone',
                                 'migration_inflow', 'migration_outflow')
               or role <> case when subject_vendor = vendor then 'vendor' else 'competitor' end
               or pre_days not between 0 and 3 or post_days not between 0 and 4
               or last_incident_day < event_day or incidents < 1
               or abs(delta - (post_mean - pre_mean)) > 1e-5
               or (delta is null) <> (pre_mean is null or post_mean is null)
               or ci_low > ci_high
               or (ci_low is not null and (pre_days < 2 or post_days < 2))
               or (metric in ('sentiment', 'news_tone')
                   and (abs(pre_mean) > 1 or abs(post_mean) > 1 or level is not null))
               or (metric not in ('sentiment', 'news_tone')
                   and (pre_mean < 0 or post_mean < 0 or not level > 0))
        )
        from event_study
    )
    + (
        select count(*) - count(distinct (scope, role, metric, day_offset))
            + count(*) filter (where day_offset not between -7 and 7 or change_ci_low > change_ci_high)
        from event_study_curve
    )
    + (
        select count(*) - count(distinct (scope, role, metric))
            + count(*) filter (where events < 1 or delta_ci_low > delta_ci_high)
        from event_study_summary
    )
