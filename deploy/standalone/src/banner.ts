// What `npm start` prints once the product is ready: where to open it, where OBS publishes, and
// the one-time root login link.
export interface BannerInfo {
  webUrl: string;
  mediaUrl: string;
  rtmpsUrl: string;
  rootLoginLink: string | undefined;
  /** The break-glass secret this install generated (none when the operator supplied one). */
  breakGlassFile?: string | undefined;
  certPath: string;
  dataDir: string;
  storage: string;
  bus: string;
}

export function renderBanner(info: BannerInfo): string {
  const lines = [
    '',
    'Webinar is running (standalone shape).',
    `  web app         ${info.webUrl}`,
    `  media edge      ${info.mediaUrl}`,
    `  RTMPS ingest    ${info.rtmpsUrl}   (OBS: keyframe interval 1 s)`,
    `  storage         ${info.storage}`,
    `  message bus     ${info.bus}`,
    `  data folder     ${info.dataDir}`,
    `  TLS certificate ${info.certPath} (self-signed unless you supplied one)`,
    '',
    info.rootLoginLink
      ? `One-time root login link (valid for a short time, single use):\n  ${info.rootLoginLink}`
      : 'A root account exists already; ask an existing root for a login link.',
    ...(info.breakGlassFile
      ? [
          '',
          'Root elevation with no second root to approve it: the break-glass secret is in',
          `  ${info.breakGlassFile}   (console → Elevation; keep the file private)`,
        ]
      : []),
    '',
  ];
  return lines.join('\n');
}
