import { describe, expect, it } from 'vitest'
import { deadlineRecord, isOverdue } from '../../src/domain/deadlines'
import { makeContract, makeFunded, makeMilestone, makeReleased } from './builders'

describe('isOverdue (R10)', () => {
  const dueYesterday = '2026-06-15'
  const at1159 = new Date('2026-06-16T11:59:00.000Z')
  const at1200 = new Date('2026-06-16T12:00:00.000Z')

  it('a milestone in progress becomes overdue when its due day has ended everywhere (12:00 UTC next day)', () => {
    const funded = makeFunded({ dueDate: dueYesterday })
    expect(isOverdue(funded, at1159)).toBe(false)
    expect(isOverdue(funded, at1200)).toBe(true)
    expect(isOverdue(makeFunded({ state: 'SUBMITTED', dueDate: dueYesterday }), at1200)).toBe(true)
  })

  it('upcoming, released and undated milestones are never overdue', () => {
    expect(isOverdue(makeMilestone({ dueDate: dueYesterday }), at1200)).toBe(false)
    expect(isOverdue(makeReleased({ dueDate: dueYesterday }), at1200)).toBe(false)
    expect(isOverdue(makeFunded({ dueDate: null }), at1200)).toBe(false)
  })
})

describe('deadlineRecord (R12)', () => {
  it('lists released milestones with a due date, and how many days late each was (AoE day of release)', () => {
    const onTime = makeReleased({ title: 'On time', dueDate: '2026-06-10', releasedAt: new Date('2026-06-11T11:00:00.000Z') })
    const late = makeReleased({ title: 'Late', dueDate: '2026-06-10', releasedAt: new Date('2026-06-13T12:00:00.000Z') })
    const early = makeReleased({ title: 'Early', dueDate: '2026-06-20', releasedAt: new Date('2026-06-13T12:00:00.000Z') })
    const undated = makeReleased({ dueDate: null })
    const unknownDay = makeReleased({ dueDate: '2026-06-10', releasedAt: null })
    const record = deadlineRecord(makeContract({ milestones: [onTime, late, early, undated, unknownDay, makeFunded({ dueDate: '2026-01-01' })] }))
    expect(record.milestones).toEqual([
      { milestoneId: onTime.id, title: 'On time', dueDate: '2026-06-10', releasedOn: '2026-06-10', daysLate: 0 },
      { milestoneId: late.id, title: 'Late', dueDate: '2026-06-10', releasedOn: '2026-06-13', daysLate: 3 },
      { milestoneId: early.id, title: 'Early', dueDate: '2026-06-20', releasedOn: '2026-06-13', daysLate: 0 },
    ])
    expect(record.lateCount).toBe(1)
    expect(record.totalDaysLate).toBe(3)
  })

  it('is empty for a contract with nothing released', () => {
    expect(deadlineRecord(makeContract())).toEqual({ milestones: [], lateCount: 0, totalDaysLate: 0 })
  })
})
