-- One durable job mechanism (docs/decisions/007): emails, due timers and webhook deliveries are
-- rows of "Job", written in the transaction of the change that causes them and claimed by a worker
-- with FOR UPDATE SKIP LOCKED. It replaces "OutboxEmail"; its rows move over unchanged (same id,
-- so the same Message-ID; sentAt becomes doneAt, nextAttemptAt becomes runAt).
-- Citus: "Job" and "AppClock" stay LOCAL to the coordinator (src/server/db/distribute.ts).

-- CreateEnum
CREATE TYPE "JobKind" AS ENUM ('EMAIL', 'DUE', 'WEBHOOK');

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "kind" "JobKind" NOT NULL,
    "tag" TEXT,
    "payload" JSONB NOT NULL,
    "contractId" TEXT,
    "runAt" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "doneAt" TIMESTAMP(3),
    "redactedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- The worker's claim: due, not done, not redacted, in runAt order.
CREATE INDEX "Job_due_idx" ON "Job"("runAt") WHERE "doneAt" IS NULL AND "redactedAt" IS NULL;
CREATE INDEX "Job_contractId_idx" ON "Job"("contractId");
CREATE INDEX "Job_kind_createdAt_idx" ON "Job"("kind", "createdAt");

INSERT INTO "Job" ("id", "kind", "tag", "payload", "contractId", "runAt", "attempts", "lastError", "doneAt", "redactedAt", "createdAt")
SELECT "id", 'EMAIL', "eventType",
       jsonb_build_object('to', "to", 'subject', "subject", 'text', "text", 'html', "html"),
       "contractId", "nextAttemptAt", "attempts", "lastError", "sentAt", "redactedAt", "createdAt"
FROM "OutboxEmail";

DROP TABLE "OutboxEmail";

-- The application clock (docs/decisions/009): one row, the offset a demo moved it forward by.
-- Read only when DEMO_MODE=1; the CHECKs keep it one row and forward only.
CREATE TABLE "AppClock" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "offsetMs" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "AppClock_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "AppClock_one_row" CHECK ("id" = 1),
    CONSTRAINT "AppClock_forward_only" CHECK ("offsetMs" >= 0)
);
INSERT INTO "AppClock" ("id", "offsetMs") VALUES (1, 0);
