import { createWriteStream } from 'node:fs';
import * as ExcelJS from 'exceljs';
import { loadFormDefinition, expandColumns, writeXlsx, writeCsv } from '@mm/reporting';
const N = Number(process.argv[3] ?? 40000);
function row(i: number): Record<string, string | number | null> {
  return { code: 'S' + i, name: 'Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № ' + i + '»', students: 500 + (i % 300), menteeTarget: 100, mentorTarget: 20, menteesStudents: 90, menteesStudentStudent: 30, menteesTeacherStudent: 40, menteesUniversityStudentStudent: 10, menteesEmployerStudent: 10, mentorsStudents: 15, mentorsTeachers: 12, mentorsEmployer: 1, mentorsUniversityStudent: 2, mentorsGraduate: 3, mentorsParent: 4, mentorsOther: 0, coverage: 18.3, progress: 90.1, status: 'ON_TRACK', reportStatus: 'APPROVED' };
}
async function* rows() { for (let i = 0; i < N; i++) yield row(i); }
async function main() {
  const mode = process.argv[2];
  let peak = 0; const t = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  const start = Date.now();
  const d = loadFormDefinition('MONITORING_SUMMARY');
  const cols = expandColumns(d);
  if (mode === 'form') {
    await writeXlsx({ definition: d, columns: cols, title: 'T', rows: rows(), totalRow: { menteeTarget: 1, mentorTarget: 1, coverage: 1, progress: 1 }, output: createWriteStream('/tmp/bench.xlsx') });
  } else if (mode === 'csv') {
    await writeCsv({ columns: cols, rows: rows(), totalRow: { menteeTarget: 1, mentorTarget: 1, coverage: 1, progress: 1 }, output: createWriteStream('/tmp/bench.csv') });
  } else {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: '/tmp/bare.xlsx' });
    const ws = wb.addWorksheet('x');
    for await (const r of rows()) ws.addRow(cols.leaves.map(c => r[c.key])).commit();
    ws.commit(); await wb.commit();
  }
  clearInterval(t); peak = Math.max(peak, process.memoryUsage().rss);
  console.log(mode, N, 'ms', Date.now() - start, 'peakRssMB', Math.round(peak / 1e6));
}
main();
