/**
 * The ECharts parts Eccentric draws with, registered once: the page and `analyze --plot` import only these
 * (echarts/core, not the whole library), so the page bundle carries nothing it does not draw.
 */
import { use } from 'echarts/core';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, MarkPointComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

let registered = false;

export function registerChartModules(): void {
  if (registered) return;
  use([LineChart, BarChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, MarkLineComponent, MarkAreaComponent, MarkPointComponent, AriaComponent, SVGRenderer]);
  registered = true;
}
