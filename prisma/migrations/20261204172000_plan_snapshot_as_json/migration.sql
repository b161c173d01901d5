-- A plan version's snapshot (R20) is kept as json, the text the app sends checked and stored as
-- it is, instead of jsonb, which PostgreSQL takes apart into its binary form on every insert: on a
-- 500-milestone plan each funding stores one (60 KB), and jsonb spent 1.1 ms of the server's CPU on
-- it against 0.4 ms as json (BENCHMARKS.md). Nothing queries inside the snapshot; the app reads it
-- whole. The type change rewrites the column, so lz4 is set again where the server has it.
ALTER TABLE "PlanVersion" ALTER COLUMN "milestones" TYPE JSON USING "milestones"::json;
DO $$
BEGIN
  ALTER TABLE "PlanVersion" ALTER COLUMN "milestones" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not available on this server: the plan snapshot keeps the default compression';
END $$;
