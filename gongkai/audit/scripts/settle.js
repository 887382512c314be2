// Let layout, resize handlers and CSS transitions finish: wait for frames and jump finite animations
// to their end, since the end state is what the checks judge. Not a check itself.
() => new Promise((done) => {
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  const finish = () => document.getAnimations().forEach((a) => {
    // jump finite transitions to their end: the end state is what is judged
    try {
      if (a.effect && isFinite(a.effect.getTiming().iterations)) a.finish();
    } catch (e) { /* not finishable */ }
  });
  frame().then(() => { finish(); return frame(); }).then(() => { finish(); return frame(); }).then(done);
})
