-- R18 counter-proposals, R19 expiry, R20 plan history.

-- R18: a request answered by a counter ends COUNTERED; R19: one unanswered for requestDays ends EXPIRED.
-- (New enum values are not used in this transaction, which PostgreSQL requires.)
ALTER TYPE "ChangeRequestStatus" ADD VALUE 'COUNTERED';
ALTER TYPE "ChangeRequestStatus" ADD VALUE 'EXPIRED';

-- R18: who made the proposal (either party may counter), and the earlier rounds of its thread
-- ([{id, authorRole, message, createdAt, milestones}], oldest first). Before R18 only the expert
-- proposed, so EXPERT is exact for every existing row.
ALTER TABLE "ChangeRequest" ADD COLUMN "authorRole" "Role" NOT NULL DEFAULT 'EXPERT';
ALTER TABLE "ChangeRequest" ADD COLUMN "rounds" JSONB NOT NULL DEFAULT '[]';

-- R20: every plan version, with who made it, when and why.
CREATE TYPE "PlanVersionReason" AS ENUM ('CREATED', 'SAVED', 'REQUEST_ACCEPTED', 'COUNTER_ACCEPTED', 'MILESTONE_FUNDED', 'RECORDED');

CREATE TABLE "PlanVersion" (
    "contractId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "actorId" TEXT,
    "reason" "PlanVersionReason" NOT NULL,
    "milestones" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlanVersion_pkey" PRIMARY KEY ("contractId", "version")
);

ALTER TABLE "PlanVersion" ADD CONSTRAINT "PlanVersion_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "PlanVersion" ADD CONSTRAINT "PlanVersion_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE NO ACTION;

-- R20: history is never empty. Every existing contract gets its current version: still version 1,
-- it is the plan the client created it with; otherwise the earlier versions were never kept, and
-- this one is RECORDED as of the last event that changed the plan.
INSERT INTO "PlanVersion" ("contractId", "version", "actorId", "reason", "milestones", "createdAt")
SELECT
    c."id",
    c."planVersion",
    CASE WHEN c."planVersion" = 1 THEN c."clientId" END,
    (CASE WHEN c."planVersion" = 1 THEN 'CREATED' ELSE 'RECORDED' END)::"PlanVersionReason",
    coalesce((
        SELECT jsonb_agg(jsonb_build_object(
            'id', m."id", 'title', m."title", 'description', m."description", 'amountCents', m."amountCents",
            'dueDate', to_char(m."dueDate", 'YYYY-MM-DD'), 'state', m."state") ORDER BY m."position")
        FROM "Milestone" m WHERE m."contractId" = c."id"), '[]'::jsonb),
    CASE WHEN c."planVersion" = 1 THEN c."createdAt" ELSE coalesce((
        SELECT max(e."createdAt") FROM "ActivityEvent" e
        WHERE e."contractId" = c."id" AND e."type" IN ('PLAN_SAVED', 'CHANGE_REQUEST_ACCEPTED', 'MILESTONE_FUNDED')), c."createdAt") END
FROM "Contract" c;
