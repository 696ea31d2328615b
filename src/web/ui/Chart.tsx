// The ESM build: the CommonJS one (lib/) arrives as a module object, not a component, in the bundle.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { BarChart, LineChart, TreemapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

// Only what the pages draw (bars, lines, the region treemap, waterfalls as stacked bars): the chunk stays small.
// SVG rather than canvas: crisp at any zoom, and the numbers on the bars are text a test can read.
echarts.use([BarChart, LineChart, TreemapChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface ChartClick {
  dataIndex: number;
  seriesIndex: number;
  seriesName?: string;
  name?: string;
  data?: unknown;
}

/** One ECharts chart for every page (analysis, statistics, statements, expenses); onClick gets the bar, point or tile. */
export function Chart({ option, height = 300, onClick, testId }: { option: EChartsCoreOption; height?: number; onClick?: (p: ChartClick) => void; testId?: string }) {
  return (
    <div data-testid={testId}>
      <ReactEChartsCore
        echarts={echarts}
        option={{ animation: false, ...option }}
        notMerge
        opts={{ renderer: 'svg' }}
        style={{ height, width: '100%', cursor: onClick ? 'pointer' : undefined }}
        onEvents={onClick ? { click: (p: ChartClick) => onClick(p) } : undefined}
      />
    </div>
  );
}
