// The auditor workbook round trip: draw → fill in → `jiceng load` (kind findings) → evaluate.
// The LibreOffice case (open the workbook in LibreOffice Calc, fill it in through UNO, save, load back)
// runs only with JICENG_TEST_LIBREOFFICE=1 and a LibreOffice with Python UNO (/usr/bin/python3 -c 'import uno'):
//   JICENG_TEST_LIBREOFFICE=1 TZ=Asia/Shanghai npx vitest run test/sample-roundtrip
import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { initWorkspace, openWorkspace, type Workspace } from '../src/workspace.js';
import { drawSample, type SampleManifest } from '../src/sample/draw.js';
import { colIndex, readWorkbookRows, writeSampleWorkbook } from '../src/sample/workbook.js';
import { evaluateSample } from '../src/sample/evaluate.js';
import { verifySample } from '../src/sample/verify.js';
import { DEFAULT_DEFECT_TYPES } from '../src/sample/settings.js';
import { loadFiles } from '../src/ingest/batch.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

async function county(): Promise<Workspace> {
  const dir = mkdtempSync(join(tmpdir(), 'jiceng-sample-rt-'));
  await initWorkspace(dir);
  const ws = await openWorkspace(dir);
  cleanups.push(() => ws.close());
  const stations = [['S01', '城关派出所'], ['S02', '东关派出所']];
  for (const [id, name] of stations) await ws.db.run(`INSERT INTO stations (station_id, station_name, unit_kind) VALUES (?, ?, 'station')`, [id, name]);
  let k = 0;
  for (const [sid, name] of stations) {
    for (let i = 0; i < 50; i++) {
      k++;
      await ws.db.run(
        `INSERT INTO cases (case_id, station, station_id, case_type, category, is_major, received_at, officer)
         VALUES (?, ?, ?, ?, '盗窃', true, CAST(? AS TIMESTAMP), ?)`,
        [`0${330100 + k}`, name, sid, i % 2 ? 'criminal' : 'public_security', `2026-08-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00`, `00${2000 + i}`],
      );
    }
  }
  return ws;
}

async function drawBook(ws: Workspace, lang: 'zh' | 'en'): Promise<{ m: SampleManifest; file: string }> {
  const { manifest: m } = await drawSample(ws, { quarter: '2026Q3', seed: 'rt', rate: 0.2 });
  const file = join(ws.dir, 'reports', `倒查样本_${m.quarter}_${m.sample_id}.xlsx`);
  await writeSampleWorkbook(file, m, await readWorkbookRows(ws.db, m), { lang, defectTypes: DEFAULT_DEFECT_TYPES });
  return { m, file };
}

describe('filled workbook → jiceng load → findings', () => {
  it('loads the answers as findings and nothing else; evaluation counts them', async () => {
    const ws = await county();
    const { m, file } = await drawBook(ws, 'zh');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.getWorksheet('倒查登记')!;
    const defects: string[] = [];
    for (let r = 2; r <= m.sample_size + 1; r++) {
      const id = String(sheet.getCell(r, colIndex('case_id')).value);
      const defect = r % 5 === 0;
      if (defect) defects.push(id);
      sheet.getCell(r, colIndex('result')).value = defect ? '不合格' : '合格';
      if (defect) sheet.getCell(r, colIndex('defect_type')).value = r % 10 === 0 ? '证据不足' : '超期办案';
      sheet.getCell(r, colIndex('reviewer')).value = '王五';
      sheet.getCell(r, colIndex('reviewed_at')).value = new Date(Date.UTC(2026, 9, 15));
      sheet.getCell(r, colIndex('notes')).value = defect ? '=问题见卷宗第3页' : null;
    }
    await wb.xlsx.writeFile(file);

    const { results } = await loadFiles(ws, [file], { today: '2026-11-01' });
    const byKind = results.filter((r) => r.kind !== null);
    expect(byKind.map((r) => [r.kind, r.status, r.rows_loaded, r.rows_rejected])).toEqual([['findings', 'loaded', m.sample_size, 0]]);
    const f = await ws.db.all<{ case_id: string; result: string; defect_type: string | null; reviewer: string; reviewed_at: string; notes: string | null }>(
      `SELECT case_id, result, defect_type, reviewer, CAST(reviewed_at AS VARCHAR) AS reviewed_at, notes FROM findings ORDER BY case_id`,
    );
    expect(f).toHaveLength(m.sample_size);
    expect(f.filter((x) => x.result === 'defect').map((x) => x.case_id).sort()).toEqual(defects.sort());
    expect(new Set(f.map((x) => x.reviewed_at))).toEqual(new Set(['2026-10-15']));
    expect(f.find((x) => x.result === 'defect')!.notes).toBe('=问题见卷宗第3页');
    const ev = await evaluateSample(ws.db, m, { confidence: 0.95, tolerable: 0.05 });
    expect(ev.county.reviewed).toBe(m.sample_size);
    expect(ev.county.defects).toBe(defects.length);
    expect(ev.county.pending).toBe(0);
    // Filling in the answers does not disturb verification.
    expect((await verifySample(ws.db, file)).status).toBe('verified');
  });
});

const LO = process.env.JICENG_TEST_LIBREOFFICE === '1';

// Opens the workbook in LibreOffice, reports its dropdowns and protection, fills every row, saves as xlsx.
const UNO_SCRIPT = String.raw`
import sys, time, subprocess, os, json
import uno
from com.sun.star.beans import PropertyValue
src, dst, lang, port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
profile = 'file://' + os.path.abspath(sys.argv[5])
proc = subprocess.Popen(['soffice', '-env:UserInstallation=' + profile, '--headless', '--invisible', '--nologo', '--norestore',
                         '--accept=socket,host=127.0.0.1,port=%d;urp;' % port], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
def pv(n, v):
    p = PropertyValue(); p.Name = n; p.Value = v; return p
out = {}
desktop = None
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext('com.sun.star.bridge.UnoUrlResolver', local)
    for _ in range(120):
        try:
            ctx = resolver.resolve('uno:socket,host=127.0.0.1,port=%d;urp;StarOffice.ComponentContext' % port); break
        except Exception:
            time.sleep(0.5)
    desktop = ctx.ServiceManager.createInstanceWithContext('com.sun.star.frame.Desktop', ctx)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), '_blank', 0, (pv('Hidden', True),))
    sh = doc.Sheets.getByIndex(1)
    hdr = {sh.getCellByPosition(c, 0).String: c for c in range(0, 30) if sh.getCellByPosition(c, 0).String}
    col = lambda zh, en: hdr.get(zh, hdr.get(en))
    res, typ, rev, dat = col('倒查结果', 'Result'), col('问题类型', 'Defect type'), col('倒查人', 'Reviewer'), col('倒查日期', 'Review date')
    out['sheets'] = list(doc.Sheets.ElementNames)
    out['protected'] = bool(sh.isProtected())
    v = sh.getCellByPosition(res, 1).Validation
    out['result_validation'] = [v.Type.value, v.getFormula1(), bool(v.ShowErrorMessage)]
    v = sh.getCellByPosition(typ, 1).Validation
    out['type_validation'] = [v.Type.value, v.getFormula1()]
    out['answer_locked'] = bool(sh.getCellByPosition(res, 1).CellProtection.IsLocked)
    out['id_locked'] = bool(sh.getCellByPosition(1, 1).CellProtection.IsLocked)
    passv, defv = ('合格', '不合格') if lang == 'zh' else ('pass', 'defect')
    r, n = 1, 0
    while sh.getCellByPosition(1, r).String:
        defect = r % 4 == 0
        sh.getCellByPosition(res, r).String = defv if defect else passv
        if defect: sh.getCellByPosition(typ, r).String = '超期办案'
        sh.getCellByPosition(rev, r).String = '李四'
        sh.getCellByPosition(dat, r).Value = 46310
        r += 1; n += 1
    out['filled'] = n
    doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dst)), (pv('FilterName', 'Calc MS Excel 2007 XML'),))
    doc.close(True)
finally:
    print(json.dumps(out, ensure_ascii=False))
    try:
        desktop.terminate()
    except Exception:
        pass
    time.sleep(1)
    proc.terminate()
`;

describe.skipIf(!LO)('LibreOffice: dropdowns work, answers load back', () => {
  it('zh workbook opened, filled and saved by LibreOffice Calc loads back as findings', async () => {
    const ws = await county();
    const { m, file } = await drawBook(ws, 'zh');
    const dir = mkdtempSync(join(tmpdir(), 'jiceng-lo-'));
    const script = join(dir, 'fill.py');
    writeFileSync(script, UNO_SCRIPT);
    const filled = join(dir, 'filled.xlsx');
    const r = spawnSync('/usr/bin/python3', [script, file, filled, 'zh', String(20000 + (process.pid % 20000)), join(dir, 'profile')], { encoding: 'utf8', timeout: 180_000 });
    const info = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(info).toMatchObject({
      protected: true,
      result_validation: ['LIST', '"合格";"不合格"', true], // com.sun.star.sheet.ValidationType.LIST
      answer_locked: false,
      id_locked: true,
      filled: m.sample_size,
    });
    expect(info.type_validation[1]).toContain('"超期办案"');
    const { results } = await loadFiles(ws, [filled], { today: '2026-11-01' });
    expect(results.filter((x) => x.kind !== null).map((x) => [x.kind, x.rows_loaded, x.rows_rejected])).toEqual([['findings', m.sample_size, 0]]);
    const ev = await evaluateSample(ws.db, m, { confidence: 0.95, tolerable: 0.05 });
    expect(ev.county.reviewed).toBe(m.sample_size);
    expect(ev.county.defects).toBe(Math.floor(m.sample_size / 4));
    expect((await verifySample(ws.db, filled)).status).toBe('verified');
  }, 240_000);
});
