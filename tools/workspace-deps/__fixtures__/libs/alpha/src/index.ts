// A fixture for tools/check-workspace-deps.mjs: each import below is a problem it must report.
import leftPad from 'left-pad';
import { z } from 'zod';
import { thing } from 'not-at-root';

export const fixture = [leftPad, z, thing];
