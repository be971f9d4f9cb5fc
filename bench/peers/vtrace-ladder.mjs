// For every .png of a folder: vtracer (@neplex/vectorizer) in spline and in polygon mode, from its
// default (most detailed) settings towards coarser ones; per mode, the first SVG that fits the byte
// budget is written to <dst>/<mode>/<name>.svg (or the smallest, if none fits).
import { vectorize, ColorMode, Hierarchical, PathSimplifyMode } from '@neplex/vectorizer';
import { readFile, writeFile, readdir, mkdir } from 'node:fs/promises';
const [src, dst, budgetText] = process.argv.slice(2);
const budget = Number(budgetText);
const ladder = [[4, 6, 16], [8, 6, 24], [16, 5, 32], [32, 4, 48], [64, 4, 64], [128, 3, 96], [256, 3, 128]];
for (const [name, mode] of [['spline', PathSimplifyMode.Spline], ['polygon', PathSimplifyMode.Polygon]]) {
  await mkdir(`${dst}/${name}`, { recursive: true });
  for (const f of (await readdir(src)).filter(f => f.endsWith('.png')).sort()) {
    const png = await readFile(`${src}/${f}`);
    let best = null;
    for (const [filterSpeckle, colorPrecision, layerDifference] of ladder) {
      const svg = await vectorize(png, {
        colorMode: ColorMode.Color, hierarchical: Hierarchical.Stacked, filterSpeckle, colorPrecision,
        layerDifference, mode, cornerThreshold: 60, lengthThreshold: 4, maxIterations: 10, spliceThreshold: 45,
        pathPrecision: 2,
      });
      if (best === null || Buffer.byteLength(svg) < Buffer.byteLength(best)) best = svg;
      if (Buffer.byteLength(svg) <= budget) { best = svg; break; }
    }
    await writeFile(`${dst}/${name}/${f.replace(/\.png$/, '.svg')}`, best);
  }
}
