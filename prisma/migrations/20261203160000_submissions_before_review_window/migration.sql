-- R15/R16 for milestones submitted before review windows existed: without a submission they could
-- never auto-release, nor be sent back, extended or withdrawn. Each gets a submission saying so and
-- a full window from now (the client learns of the window only now), with the auto-release and the
-- reminders still ahead as DUE jobs, exactly as persistOutcome writes them for a new submission.
-- Timestamps are UTC without a time zone, as the app writes them.
UPDATE "Milestone" m
SET "submissionMessage" = 'Submitted before Tranche had review windows.',
    "submissionLinks" = '[]'::jsonb,
    "reviewEndsAt" = (now() AT TIME ZONE 'UTC') + make_interval(days => c."reviewDays")
FROM "Contract" c
WHERE c."id" = m."contractId" AND m."state" = 'SUBMITTED' AND m."submissionMessage" IS NULL;

-- Rows just given a window are the SUBMITTED ones with this message and no job yet.
WITH due AS (
  SELECT m."contractId", m."id" AS "milestoneId", t."kind", t."at"
  FROM "Milestone" m
  CROSS JOIN LATERAL (VALUES
    ('AUTO_RELEASE', m."reviewEndsAt"),
    ('REVIEW_REMINDER', m."reviewEndsAt" - interval '3 days'),
    ('REVIEW_REMINDER', m."reviewEndsAt" - interval '1 day')
  ) AS t("kind", "at")
  WHERE m."state" = 'SUBMITTED' AND m."submissionMessage" = 'Submitted before Tranche had review windows.'
    AND t."at" > (now() AT TIME ZONE 'UTC')
    AND NOT EXISTS (SELECT 1 FROM "Job" j WHERE j."kind" = 'DUE' AND j."contractId" = m."contractId" AND j."payload"->>'subjectId' = m."id")
)
INSERT INTO "Job" ("id", "kind", "tag", "payload", "contractId", "runAt", "createdAt")
SELECT gen_random_uuid()::text, 'DUE', due."kind",
       jsonb_build_object('dueKind', due."kind", 'contractId', due."contractId", 'subjectId', due."milestoneId",
                          'at', to_char(due."at", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
       due."contractId", due."at", now() AT TIME ZONE 'UTC'
FROM due;
