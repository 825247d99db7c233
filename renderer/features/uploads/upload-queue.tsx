import { useRef } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useSpool } from '../../store/index.ts'
import { UploadRow } from './upload-row.tsx'

const ROW_HEIGHT = 64

/** The virtualised queue: only visible rows exist in the DOM, so 10,000 jobs scroll smoothly. */
export function UploadQueue() {
  const order = useSpool((s) => s.uploads.order)
  const jobs = useSpool((s) => s.uploads.jobs)
  const progress = useSpool((s) => s.uploads.progress)
  const scrollRef = useRef<HTMLDivElement>(null)
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is the chosen list library.
  const virtualizer = useVirtualizer({
    count: order.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialRect: { width: 960, height: 640 },
  })
  return (
    <div className="queue" role="table" aria-label="Upload queue" aria-rowcount={order.length}>
      <div className="upload-row head" role="row" aria-rowindex={1}>
        <div role="columnheader">File</div>
        <div role="columnheader">Size</div>
        <div role="columnheader">State</div>
        <div role="columnheader">Progress</div>
        <div role="columnheader">
          <span className="visually-hidden">Actions</span>
        </div>
      </div>
      <div className="queue-scroll" ref={scrollRef} data-testid="queue-scroll" tabIndex={-1}>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const id = order[item.index]
            const job = id ? jobs[id] : undefined
            if (!id || !job) return null
            return (
              <div
                key={id}
                className="virtual-row"
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              >
                <UploadRow job={job} progress={progress[id]} rowIndex={item.index + 2} />
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}
