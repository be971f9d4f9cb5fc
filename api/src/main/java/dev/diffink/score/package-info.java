/**
 * Image–text scorers as loss terms: a TorchScript dual encoder ({@link dev.diffink.score.ScorerModel})
 * gives the cosine similarity of an image and a prompt and its gradient with respect to the image;
 * {@link dev.diffink.score.ScorerLoss} combines several (weighted, on L2-normalised embeddings) and
 * shows them randomly cropped and blurred views ({@link dev.diffink.score.Augment}) so that an
 * optimised picture does not overfit one view.
 */
package dev.diffink.score;
