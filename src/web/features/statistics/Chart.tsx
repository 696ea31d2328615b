// The ESM build: the CommonJS one (lib/) arrives as a module object, not a component, in the bundle.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { BarChart, LineChart, TreemapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

// Bars, lines, the region treemap and the waterfall (stacked bars): only what these pages draw.
echarts.use([BarChart, LineChart, TreemapChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface ChartClick {
  dataIndex: number;
  seriesIndex: number;
  name?: string;
  data?: unknown;
}

/** One ECharts chart (SVG: crisp, and its labels are text a test can read); onClick gets the bar, point or tile. */
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
