let usable: boolean | null = null;

/**
 * Whether Plotly's WebGL traces (`scattergl`) can draw here. Two things stop them, and then they
 * show only an error box, so the figure builders fall back to SVG traces:
 *  - no WebGL context (GPU blocklisted, hardware acceleration off, some remote desktops);
 *  - a Content-Security-Policy without 'unsafe-eval': Plotly's WebGL layer (regl) compiles its
 *    draw commands with `new Function`. Our own index.html forbids eval, so as shipped every chart
 *    is SVG; the policy is read from the page rather than probed, because a refused eval is logged
 *    as a console error.
 * Checked once; creating contexts is not free.
 */
export function canUseWebGlTraces(): boolean {
  if (usable === null) usable = pageAllowsEval() && hasWebGl();
  return usable;
}

function pageAllowsEval(): boolean {
  const policies = document.querySelectorAll('meta[http-equiv="Content-Security-Policy" i]');
  for (const policy of policies) {
    const content = policy.getAttribute('content') ?? '';
    const scripts = /(?:^|;)\s*script-src([^;]*)/i.exec(content)?.[1] ?? /(?:^|;)\s*default-src([^;]*)/i.exec(content)?.[1];
    if (scripts !== undefined && !scripts.includes("'unsafe-eval'")) return false;
  }
  return true;
}

function hasWebGl(): boolean {
  try {
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('webgl');
    context?.getExtension('WEBGL_lose_context')?.loseContext();
    return context !== null;
  } catch {
    return false;
  }
}
