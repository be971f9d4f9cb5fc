package dev.diffink.cli;

import dev.diffink.DiffInkException;
import dev.diffink.models.BundledModels;
import dev.diffink.score.ScorerLoss;
import dev.diffink.score.ScorerModel;
import dev.diffink.score.Torch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The scorer options shared by the commands that score or optimise against prompts: scorer files
 * (default: the bundled one), prompts and weights, paired by position; a single prompt or weight
 * applies to every scorer.
 */
final class ScorerOptions {
    @Option(names = "--scorer", paramLabel = "FILE", description = "TorchScript image-text scorer (repeatable, for a "
            + "weighted ensemble; default: the bundled models/" + BundledModels.SCORER + ").")
    List<Path> scorers = new ArrayList<>();

    /** Default weight of a scorer term against the pixel loss (see the README's measured trade-off). */
    static final float DEFAULT_WEIGHT = 0.01f;

    @Option(names = "--scorer-weight", paramLabel = "W", description = "Weight of each --scorer in the loss, against "
            + "the pixel loss (repeatable, paired by position; default 0.01).")
    List<Float> weights = new ArrayList<>();

    /** The scorer files to load: the ones given, or the bundled one. */
    List<Path> files() {
        return scorers.isEmpty() ? List.of(bundledScorer()) : scorers;
    }

    /** The bundled scorer, or a MISSING_DEPENDENCY error saying where it was looked for. */
    static Path bundledScorer() {
        return BundledModels.scorer().orElseThrow(() -> new DiffInkException(
                DiffInkException.Kind.MISSING_DEPENDENCY, "the bundled scorer " + BundledModels.SCORER
                        + " was not found (looked in " + BundledModels.searched() + "); give one with --scorer FILE, or "
                        + "set DIFFINK_MODELS to the folder holding it"));
    }

    /** Loads the scorers (the torch runtime must be available). */
    List<ScorerModel> load() {
        List<Path> files = files();
        if (weights.size() > 1 && weights.size() != files.size()) {
            throw DiffInkException.badInput(weights.size() + " --scorer-weight values for " + files.size()
                    + " scorers; give one per scorer, or one for all");
        }
        Torch.runtime();
        List<ScorerModel> models = new ArrayList<>();
        try {
            for (Path f : files) models.add(ScorerModel.load(f));
        } catch (RuntimeException e) {
            models.forEach(ScorerModel::close);
            throw e;
        }
        return models;
    }

    /** The ensemble's terms for these prompts (one for all scorers, or one per scorer). */
    List<ScorerLoss.Term> terms(List<ScorerModel> models, List<String> prompts) {
        if (prompts.size() != 1 && prompts.size() != models.size()) {
            throw DiffInkException.badInput(prompts.size() + " --prompt values for " + models.size()
                    + " scorers; give one prompt for all, or one per scorer");
        }
        List<ScorerLoss.Term> terms = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            float w = weights.isEmpty() ? DEFAULT_WEIGHT : weights.get(weights.size() == 1 ? 0 : i);
            terms.add(new ScorerLoss.Term(models.get(i), prompts.get(prompts.size() == 1 ? 0 : i), w));
        }
        return terms;
    }
}
