// Runs SVGO (default preset) on every .svg of a folder into another; prints one line per file.
import { optimize } from 'svgo';
import { readFile, writeFile, readdir, mkdir } from 'node:fs/promises';
const [src, dst] = process.argv.slice(2);
await mkdir(dst, { recursive: true });
for (const f of (await readdir(src)).filter(f => f.endsWith('.svg')).sort()) {
  const input = await readFile(`${src}/${f}`, 'utf8');
  const { data } = optimize(input, { path: `${src}/${f}` });
  await writeFile(`${dst}/${f}`, data);
}
