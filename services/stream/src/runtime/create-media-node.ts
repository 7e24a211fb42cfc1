// The one way a process builds its media node (StreamModule, hence main.ts and the standalone's media
// child): the composition its role names, given only the settings that role uses.
import type { StreamRole } from '../stream.constants';
import { AllInOneNode } from './all-in-one-node';
import { EdgeNode } from './edge-node';
import { IngestNode } from './ingest-node';
import type { MediaNodeOptions } from './media-node-options';

export type MediaNode = IngestNode | EdgeNode | AllInOneNode;

export function createMediaNode(role: 'ingest', opts: MediaNodeOptions): IngestNode;
export function createMediaNode(role: 'edge', opts: MediaNodeOptions): EdgeNode;
export function createMediaNode(role: 'all', opts: MediaNodeOptions): AllInOneNode;
export function createMediaNode(role: StreamRole, opts: MediaNodeOptions): MediaNode;
export function createMediaNode(role: StreamRole, opts: MediaNodeOptions): MediaNode {
  const { tls, ingest, origin, upstream, ffmpegPath, hlsRoot, webOrigin, viewerCountIntervalMs, ...core } = opts;
  const viewing = { ...(webOrigin !== undefined ? { webOrigin } : {}), ...(viewerCountIntervalMs !== undefined ? { viewerCountIntervalMs } : {}) };
  if (role === 'edge') {
    if (!upstream) throw new Error('An edge needs upstream settings (the origin credential).');
    return new EdgeNode({ ...core, ...viewing, upstream });
  }
  if (!ingest || !tls) throw new Error(`A node in role ${role} needs ingest settings and the media host's TLS material.`);
  const ingesting = {
    ...core,
    tls,
    ingest,
    ...(origin ? { origin } : {}),
    ...(ffmpegPath !== undefined ? { ffmpegPath } : {}),
    ...(hlsRoot !== undefined ? { hlsRoot } : {}),
  };
  return role === 'ingest' ? new IngestNode(ingesting) : new AllInOneNode({ ...ingesting, ...viewing });
}
