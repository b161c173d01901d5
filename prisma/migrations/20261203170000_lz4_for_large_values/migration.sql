-- The stored first answer of a money command (R13, 140 KB on a 500-milestone plan) and the plan
-- snapshot a plan version keeps (R20, 60 KB) are compressed with lz4 where the server was built with
-- it: PostgreSQL's default, pglz, spent 1.5 ms of the server's CPU on each such answer, lz4 0.2 ms,
-- for about the same size (BENCHMARKS.md). A server without lz4 (the embedded default's build)
-- refuses the method; its columns keep pglz and nothing else changes.
DO $$
BEGIN
  ALTER TABLE "IdempotencyKey" ALTER COLUMN "responseBody" SET COMPRESSION lz4;
  ALTER TABLE "PlanVersion" ALTER COLUMN "milestones" SET COMPRESSION lz4;
  ALTER TABLE "ChangeRequest" ALTER COLUMN "milestones" SET COMPRESSION lz4;
  ALTER TABLE "ChangeRequest" ALTER COLUMN "rounds" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not available on this server: large values keep the default compression';
END $$;
