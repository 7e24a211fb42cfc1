// Where HTTP-FLV viewers are attached: the live broadcast in this process (roles `all` and `ingest`),
// or an edge's fan-out of one origin connection per seminar (role `edge`). Either way the sink gets
// the FLV header, the sequence headers and the current GOP first, so it decodes from the first byte.
import { type FlvSink, type FlvTap, tapFlv } from '../ingest/broadcasts';

export type { FlvSink, FlvTap };

export interface FlvSource {
  /** Undefined when the seminar is not live. */
  tap(seminarId: string, sink: FlvSink): Promise<FlvTap | undefined>;
}

export const localFlvSource: FlvSource = {
  tap: async (seminarId, sink) => tapFlv(seminarId, sink),
};
