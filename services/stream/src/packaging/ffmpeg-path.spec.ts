import { resolveFfmpegPath } from './ffmpeg-path';

describe('resolveFfmpegPath', () => {
  it('prefers FFMPEG_PATH', () => {
    expect(resolveFfmpegPath({ env: { FFMPEG_PATH: '/opt/ff' }, ffmpegStatic: () => '/static/ff' })).toBe('/opt/ff');
  });

  it('then ffmpeg-static when it is installed', () => {
    expect(resolveFfmpegPath({ env: {}, ffmpegStatic: () => '/static/ff' })).toBe('/static/ff');
  });

  it('then ffmpeg on PATH', () => {
    expect(resolveFfmpegPath({ env: {}, ffmpegStatic: () => undefined })).toBe('ffmpeg');
  });
});
