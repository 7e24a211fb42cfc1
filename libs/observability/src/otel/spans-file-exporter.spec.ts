import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportResultCode } from '@opentelemetry/core';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { SpansFileExporter } from './spans-file-exporter';

describe('SpansFileExporter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spans-exporter-'));

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function finishedSpan(name: string) {
    const tracer = new TracerProvider().getTracer('test');
    const span = tracer.startSpan(name);
    span.end();
    return span as unknown as Parameters<SpansFileExporter['export']>[0][number];
  }

  it('appends one JSON line per span', () => {
    const file = join(dir, 'a.jsonl');
    const sut = new SpansFileExporter(file);
    const results: number[] = [];

    sut.export([finishedSpan('one'), finishedSpan('two')], (result) => results.push(result.code));
    sut.export([finishedSpan('three')], (result) => results.push(result.code));

    expect(results).toEqual([ExportResultCode.SUCCESS, ExportResultCode.SUCCESS]);
    const names = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { name: string }).name);
    expect(names).toEqual(['one', 'two', 'three']);
  });

  it('reports an unwritable path at startup and warns once, not per span, when writes fail', () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    const warnings: string[] = [];
    const sut = new SpansFileExporter(join(blocker, 'spans.jsonl'), (message) => warnings.push(message));
    const results: number[] = [];

    expect(() => sut.ensureWritable()).toThrow();
    sut.export([finishedSpan('x')], (result) => results.push(result.code));
    sut.export([finishedSpan('y')], (result) => results.push(result.code));

    expect(results).toEqual([ExportResultCode.FAILED, ExportResultCode.FAILED]);
    expect(warnings).toHaveLength(1);
  });
});
