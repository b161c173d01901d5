'use client'

import { DndContext, KeyboardSensor, MouseSensor, TouchSensor, closestCenter, useSensor, useSensors, type Announcements, type DragEndEvent } from '@dnd-kit/core'
import { SortableContext, arrayMove, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable'
import { useCallback, useEffect, useId, useMemo, useRef, type Dispatch, type SetStateAction } from 'react'
import type { ValidMilestone } from './milestone-rules'
import { SortableRow, type DraftRow } from './sortable-row'

type Props = {
  rows: DraftRow[]
  /** How many locked milestones lead the plan: positions are counted over the whole plan. */
  offset: number
  editing: string | null
  changeOf: (row: DraftRow) => 'new' | 'edited' | 'moved' | null
  onReorder: Dispatch<SetStateAction<DraftRow[]>>
  onEdit: (key: string) => void
  onRemove: (key: string) => void
  onUpdate: (key: string, value: ValidMilestone) => void
  onCancelEdit: (key: string) => void
}

const INSTRUCTIONS =
  'To re-order a milestone, press Space or Enter on its re-order button, move it with the Up and Down arrow keys, then press Space or Enter to drop it, or Escape to cancel.'

/**
 * The upcoming milestones as a sortable list: drag by mouse or touch, or keyboard (Space, arrows,
 * Space), with screen-reader announcements in the plan's words (titles, whole-plan positions).
 */
export function UpcomingList({ rows, offset, editing, changeOf, onReorder, ...rowHandlers }: Props) {
  const id = useId()
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 4 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 150, tolerance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  )
  const keys = useMemo(() => rows.map((r) => r.key), [rows])

  const rowsRef = useRef(rows)
  useEffect(() => {
    rowsRef.current = rows
  }, [rows])
  const lastOver = useRef<string | number | null>(null)
  const announcements = useMemo<Announcements>(() => {
    const title = (key: string | number) => rowsRef.current.find((r) => r.key === key)?.title ?? 'milestone'
    const at = (key: string | number) => offset + rowsRef.current.findIndex((r) => r.key === key) + 1
    const of = () => offset + rowsRef.current.length
    return {
      onDragStart: ({ active }) => {
        lastOver.current = active.id
        return `Picked up “${title(active.id)}”, at position ${at(active.id)} of ${of()}.`
      },
      // dnd-kit reports "over" at once on pick-up (over itself); only a real move is worth saying.
      onDragOver: ({ active, over }) => {
        if ((over?.id ?? null) === lastOver.current) return undefined
        lastOver.current = over?.id ?? null
        return over ? `“${title(active.id)}” moved to position ${at(over.id)} of ${of()}.` : `“${title(active.id)}” is not over a place in the list.`
      },
      onDragEnd: ({ active, over }) => (over ? `“${title(active.id)}” dropped at position ${at(over.id)} of ${of()}.` : `“${title(active.id)}” dropped.`),
      onDragCancel: ({ active }) => `Re-ordering cancelled. “${title(active.id)}” is back at position ${at(active.id)} of ${of()}.`,
    }
  }, [offset])

  const onDragEnd = useCallback(
    ({ active, over }: DragEndEvent) => {
      if (!over || active.id === over.id) return
      onReorder((current) => {
        const from = current.findIndex((r) => r.key === active.id)
        const to = current.findIndex((r) => r.key === over.id)
        return from < 0 || to < 0 ? current : arrayMove(current, from, to)
      })
    },
    [onReorder],
  )

  return (
    <DndContext id={id} sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd} accessibility={{ announcements, screenReaderInstructions: { draggable: INSTRUCTIONS } }}>
      <SortableContext items={keys} strategy={verticalListSortingStrategy}>
        <ol className="mt-2 space-y-2" aria-label="Upcoming milestones">
          {rows.map((row, index) => (
            <SortableRow key={row.key} row={row} position={offset + index + 1} isEditing={editing === row.key} change={changeOf(row)} {...rowHandlers} />
          ))}
        </ol>
      </SortableContext>
    </DndContext>
  )
}
