-- R21: disputes about the milestone in progress, with offers, escalation to an operator and a
-- decision. Both tables belong to a contract: keyed ("contractId", "id"), foreign keys through
-- "contractId", never cascading updates (Citus co-locates them with "Contract").

CREATE TYPE "DisputeStatus" AS ENUM ('OPEN', 'ESCALATED', 'SETTLED');

CREATE TABLE "Dispute" (
    "id" TEXT NOT NULL,
    "contractId" TEXT NOT NULL,
    "milestoneId" TEXT NOT NULL,
    "status" "DisputeStatus" NOT NULL DEFAULT 'OPEN',
    "openedById" TEXT NOT NULL,
    "openedByRole" "Role" NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "escalatedAt" TIMESTAMP(3),
    "settledAt" TIMESTAMP(3),
    "acceptedOfferId" TEXT,
    "decidedById" TEXT,
    "decisionReleaseCents" INTEGER,
    "decisionReason" TEXT,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "Dispute_pkey" PRIMARY KEY ("contractId", "id")
);

CREATE TABLE "DisputeOffer" (
    "id" TEXT NOT NULL,
    "contractId" TEXT NOT NULL,
    "disputeId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "authorRole" "Role" NOT NULL,
    "position" INTEGER NOT NULL,
    "releaseCents" INTEGER NOT NULL,
    "statement" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DisputeOffer_pkey" PRIMARY KEY ("contractId", "id")
);

CREATE INDEX "Dispute_status_escalatedAt_idx" ON "Dispute"("status", "escalatedAt");
-- One offer per place in its dispute: two racing offers cannot both be the next one.
CREATE UNIQUE INDEX "DisputeOffer_contractId_disputeId_position_key" ON "DisputeOffer"("contractId", "disputeId", "position");

ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_contractId_milestoneId_fkey" FOREIGN KEY ("contractId", "milestoneId") REFERENCES "Milestone"("contractId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_openedById_fkey" FOREIGN KEY ("openedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE NO ACTION;
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE NO ACTION;
ALTER TABLE "DisputeOffer" ADD CONSTRAINT "DisputeOffer_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "DisputeOffer" ADD CONSTRAINT "DisputeOffer_contractId_disputeId_fkey" FOREIGN KEY ("contractId", "disputeId") REFERENCES "Dispute"("contractId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "DisputeOffer" ADD CONSTRAINT "DisputeOffer_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE NO ACTION;

-- R21: at most one open (OPEN or ESCALATED) dispute per contract, enforced by the database too.
CREATE UNIQUE INDEX "Dispute_one_open_per_contract" ON "Dispute"("contractId")
    WHERE "status" IN ('OPEN', 'ESCALATED');

-- R21: an offer or a decision divides the milestone's funds: never negative (the upper bound,
-- the milestone's funded amount, is checked by the domain inside the contract's row lock).
ALTER TABLE "DisputeOffer" ADD CONSTRAINT "DisputeOffer_release_nonnegative" CHECK ("releaseCents" >= 0);
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_decision_release_nonnegative"
    CHECK ("decisionReleaseCents" IS NULL OR "decisionReleaseCents" >= 0);

-- R21: a settled dispute says when, and an operator's decision is whole (amount, reason, who, when).
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_settled_has_time" CHECK (("status" = 'SETTLED') = ("settledAt" IS NOT NULL));
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_decision_complete"
    CHECK (("decidedAt" IS NULL) = ("decisionReleaseCents" IS NULL) AND ("decidedAt" IS NULL) = ("decisionReason" IS NULL));
