// Hand-made FLV streams for the unit tests of the edge's FLV reader and fan-out.
import { FLV_TAG_AUDIO, FLV_TAG_SCRIPT, FLV_TAG_VIDEO } from '@webinar/player';

export function flvHeader(): Buffer {
  return Buffer.from([0x46, 0x4c, 0x56, 1, 5, 0, 0, 0, 9, 0, 0, 0, 0]);
}

export function flvTag(type: number, data: Buffer, timestamp = 0): Buffer {
  const header = Buffer.alloc(11);
  header[0] = type;
  header.writeUIntBE(data.length, 1, 3);
  header.writeUIntBE(timestamp & 0xffffff, 4, 3);
  const size = Buffer.alloc(4);
  size.writeUInt32BE(11 + data.length);
  return Buffer.concat([header, data, size]);
}

export const tags = {
  metadata: () => flvTag(FLV_TAG_SCRIPT, Buffer.from('onMetaData')),
  videoConfig: () => flvTag(FLV_TAG_VIDEO, Buffer.from([0x17, 0, 0, 0, 0, 1])),
  audioConfig: () => flvTag(FLV_TAG_AUDIO, Buffer.from([0xaf, 0, 0x12, 0x10])),
  keyframe: (t: number) => flvTag(FLV_TAG_VIDEO, Buffer.from([0x17, 1, 0, 0, 0, t & 0xff]), t),
  interframe: (t: number) => flvTag(FLV_TAG_VIDEO, Buffer.from([0x27, 1, 0, 0, 0, t & 0xff]), t),
  audio: (t: number) => flvTag(FLV_TAG_AUDIO, Buffer.from([0xaf, 1, t & 0xff]), t),
};
