// Traces every .png of a folder with vtracer (@neplex/vectorizer, default settings) into SVGs.
import { vectorize } from '@neplex/vectorizer';
import { readFile, writeFile, readdir, mkdir } from 'node:fs/promises';
const [src, dst] = process.argv.slice(2);
await mkdir(dst, { recursive: true });
for (const f of (await readdir(src)).filter(f => f.endsWith('.png')).sort()) {
  const svg = await vectorize(await readFile(`${src}/${f}`));
  await writeFile(`${dst}/${f.replace(/\.png$/, '.svg')}`, svg);
}
