// What is wrong with the layout of the page in view, as readable lines: ({overflow, svg}).
// overflow: the page scrolls sideways, or an element sticks out past the left or right edge of
//   the screen outside a container that scrolls or clips it (only the outermost offender).
// svg: a shape of an <svg> reaching past its viewBox, where the svg clips it.
() => {
  const width = document.documentElement.clientWidth;
  const describe = (el) => {
    const classes = (el.getAttribute("class") || "").trim();
    const name = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "") +
      (classes ? `.${classes.split(/\s+/).join(".")}` : "");
    const text = (el.innerText || el.textContent || "").trim().replace(/\s+/g, " ");
    return text ? `${name} "${text.slice(0, 40)}"` : name;
  };

  const overflow = [];
  const pageWidth = document.documentElement.scrollWidth;
  if (pageWidth > width) overflow.push(`the page scrolls sideways: ${pageWidth} px wide`);
  const contained = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  const sticksOut = (el) => {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return false;
    if (box.right <= 0) return false; // parked off-screen on purpose, as a skip link is
    return box.right > width + 0.5 || box.left < -0.5;
  };
  for (const el of document.body.querySelectorAll("*")) {
    if (getComputedStyle(el).visibility === "hidden" || !sticksOut(el) || contained(el)) continue;
    const parent = el.parentElement;
    if (parent && parent !== document.body && sticksOut(parent)) continue;
    const box = el.getBoundingClientRect();
    overflow.push(`${describe(el)} spans ${Math.round(box.left)}..${Math.round(box.right)} px`);
  }

  const svg = [];
  const shapes = "circle,ellipse,line,path,polygon,polyline,rect,text,image,use";
  const tolerance = 0.5;
  for (const drawing of document.querySelectorAll("svg")) {
    const vb = drawing.viewBox && drawing.viewBox.baseVal;
    if (!vb || vb.width === 0 || drawing.getBoundingClientRect().width === 0) continue;
    // An svg that lets its drawing overflow is judged by the page check above.
    if (getComputedStyle(drawing).overflow === "visible") continue;
    const toViewBox = drawing.getScreenCTM().inverse();
    for (const shape of drawing.querySelectorAll(shapes)) {
      if (shape.closest("defs,clipPath,mask,symbol")) continue;
      const style = getComputedStyle(shape);
      if (style.display === "none" || style.visibility === "hidden") continue;
      let box;
      try { box = shape.getBBox(); } catch (error) { continue; }
      if (box.width === 0 && box.height === 0) continue;
      const pad = style.stroke !== "none" ? parseFloat(style.strokeWidth) / 2 : 0;
      const matrix = toViewBox.multiply(shape.getScreenCTM());
      const corners = [
        [box.x - pad, box.y - pad],
        [box.x + box.width + pad, box.y - pad],
        [box.x - pad, box.y + box.height + pad],
        [box.x + box.width + pad, box.y + box.height + pad],
      ].map(([x, y]) => new DOMPoint(x, y).matrixTransform(matrix));
      const left = Math.min(...corners.map((p) => p.x));
      const right = Math.max(...corners.map((p) => p.x));
      const top = Math.min(...corners.map((p) => p.y));
      const bottom = Math.max(...corners.map((p) => p.y));
      if (left < vb.x - tolerance || right > vb.x + vb.width + tolerance ||
          top < vb.y - tolerance || bottom > vb.y + vb.height + tolerance) {
        const where = `${Math.round(left)},${Math.round(top)}..${Math.round(right)},${Math.round(bottom)}`;
        svg.push(`${describe(drawing).slice(0, 30)}: ${describe(shape)} reaches ${where},` +
          ` outside its viewBox ${vb.x} ${vb.y} ${vb.width} ${vb.height}`);
      }
    }
  }
  return { overflow, svg };
}
