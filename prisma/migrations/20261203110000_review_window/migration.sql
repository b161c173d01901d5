-- R15–R17: contract settings, the submission and its review window, deadline extension requests.

-- R15/R19: the review window and the time a request may wait, chosen at creation (1–30 days).
ALTER TABLE "Contract" ADD COLUMN "reviewDays" INTEGER NOT NULL DEFAULT 14;
ALTER TABLE "Contract" ADD COLUMN "requestDays" INTEGER NOT NULL DEFAULT 7;
ALTER TABLE "Contract" ADD CONSTRAINT "Contract_reviewDays_range" CHECK ("reviewDays" BETWEEN 1 AND 30);
ALTER TABLE "Contract" ADD CONSTRAINT "Contract_requestDays_range" CHECK ("requestDays" BETWEEN 1 AND 30);

-- R15: the latest submission of a milestone (message, links) and its review window.
ALTER TABLE "Milestone" ADD COLUMN "submissionMessage" TEXT;
ALTER TABLE "Milestone" ADD COLUMN "submissionLinks" JSONB;
ALTER TABLE "Milestone" ADD COLUMN "reviewEndsAt" TIMESTAMP(3);
ALTER TABLE "Milestone" ADD COLUMN "reviewExtendedDays" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Milestone" ADD COLUMN "reviewReminderAt" TIMESTAMP(3);
-- R15: a submission has its window; a window is extended once, by 1–14 days.
ALTER TABLE "Milestone" ADD CONSTRAINT "Milestone_submission_has_window" CHECK (("submissionMessage" IS NULL) = ("reviewEndsAt" IS NULL));
ALTER TABLE "Milestone" ADD CONSTRAINT "Milestone_review_extension_range" CHECK ("reviewExtendedDays" BETWEEN 0 AND 14);

-- CreateEnum
CREATE TYPE "ExtensionStatus" AS ENUM ('PENDING', 'ACCEPTED', 'DECLINED', 'EXPIRED', 'CANCELLED');

-- R17: the expert's requests to move a milestone's due date. Contract-owned: keyed by
-- ("contractId", "id"), distributed with "Contract" on Citus.
CREATE TABLE "ExtensionRequest" (
    "id" TEXT NOT NULL,
    "contractId" TEXT NOT NULL,
    "milestoneId" TEXT NOT NULL,
    "days" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "ExtensionStatus" NOT NULL DEFAULT 'PENDING',
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "ExtensionRequest_pkey" PRIMARY KEY ("contractId", "id"),
    -- R17: a due date moves by 1 to 90 days.
    CONSTRAINT "ExtensionRequest_days_range" CHECK ("days" BETWEEN 1 AND 90)
);

CREATE INDEX "ExtensionRequest_contractId_status_idx" ON "ExtensionRequest"("contractId", "status");
-- R17: one pending request per milestone.
CREATE UNIQUE INDEX "ExtensionRequest_one_pending_per_milestone" ON "ExtensionRequest"("contractId", "milestoneId") WHERE "status" = 'PENDING';

ALTER TABLE "ExtensionRequest" ADD CONSTRAINT "ExtensionRequest_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "ExtensionRequest" ADD CONSTRAINT "ExtensionRequest_contractId_milestoneId_fkey" FOREIGN KEY ("contractId", "milestoneId") REFERENCES "Milestone"("contractId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;
