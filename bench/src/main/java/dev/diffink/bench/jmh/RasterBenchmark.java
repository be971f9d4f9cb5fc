package dev.diffink.bench.jmh;

import dev.diffink.bench.RasterScenes;
import dev.diffink.raster.Rasterizer;
import dev.diffink.raster.PackedScene;
import dev.diffink.raster.SceneGradient;
import dev.diffink.svg.SvgWriter;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.StringReader;
import java.util.concurrent.TimeUnit;
import org.apache.batik.anim.dom.SAXSVGDocumentFactory;
import org.apache.batik.bridge.BridgeContext;
import org.apache.batik.bridge.GVTBuilder;
import org.apache.batik.bridge.UserAgentAdapter;
import org.apache.batik.gvt.GraphicsNode;
import org.apache.batik.util.XMLResourceDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The rasterizer against its references, on the standard scenes ({@link RasterScenes}): DiffInk's
 * forward render, forward + backward of an L2 loss against a fixed target, and Batik's forward
 * render of the same scene in the same JVM.
 *
 * <p>What each measures: DiffInk's timings include every stage from the packed scene (flatten,
 * stroke, bin, coarse lists, fine) into a float RGBA image, on all cores. Batik's timing is only
 * the paint of a GVT tree built once in setup (SVG parsing and tree building excluded), with
 * anti-aliasing on, into an 8-bit ARGB image by Java2D (Marlin), single-threaded as Batik is.
 *
 * <p>What could fool it: the JIT needs seconds to compile the kernels (hence 5 warm-up seconds);
 * DiffInk reuses its buffers, so steady-state allocation is nil and GC is not measured; Batik's
 * 8-bit output is cheaper per pixel than DiffInk's float output; machine noise on 2 cores is
 * large, so read ratios from one run, not absolute times across runs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xmx2g"})
public class RasterBenchmark {

    @Param({"closed16@256", "closed64@256", "closed256@256", "closed64@512", "closed256@512", "stroked64@256"})
    public String scene;

    private Rasterizer raster;
    private PackedScene packed;
    private float[] target, image;
    private SceneGradient gradient;
    private GraphicsNode batikTree;
    private BufferedImage batikImage;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        RasterScenes.Spec spec = RasterScenes.byKey(scene);
        raster = new Rasterizer();
        packed = RasterScenes.packed(spec);
        target = RasterScenes.target(spec);
        image = new float[packed.imageLength()];
        gradient = SceneGradient.allFor(packed);
        String svg = SvgWriter.write(RasterScenes.scene(spec));
        var factory = new SAXSVGDocumentFactory(XMLResourceDescriptor.getXMLParserClassName());
        var doc = factory.createDocument("file:///bench.svg", new StringReader(svg));
        BridgeContext ctx = new BridgeContext(new UserAgentAdapter());
        batikTree = new GVTBuilder().build(ctx, doc);
        batikImage = new BufferedImage(spec.width(), spec.height(), BufferedImage.TYPE_INT_ARGB_PRE);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        raster.close();
    }

    @Benchmark
    public void diffinkForward(Blackhole bh) {
        raster.render(packed, image);
        bh.consume(image);
    }

    @Benchmark
    public double diffinkForwardBackward() {
        gradient.clear();
        return raster.backwardL2(packed, target, gradient);
    }

    @Benchmark
    public void batikForward(Blackhole bh) {
        Graphics2D g = batikImage.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setBackground(new Color(0, true));
        g.clearRect(0, 0, batikImage.getWidth(), batikImage.getHeight());
        batikTree.paint(g);
        g.dispose();
        bh.consume(batikImage);
    }
}
