import { type DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Panel } from './panels.ts';

/** Grafana's grid is 24 columns wide. */
const GRID_WIDTH = 24;
const DEFAULT_HEIGHT = 8;

export interface Section {
  title: string;
  panels: { panel: Panel; width: number; height?: number }[];
}

/**
 * Lays sections out top to bottom: a row header, then its panels left to right, wrapping at the grid's width.
 * Positions and ids are computed here so that no two panels overlap and every id is unique.
 */
export function addSections(dashboard: DashboardBuilder, sections: Section[]): DashboardBuilder {
  let id = 1;
  let y = 0;
  for (const section of sections) {
    dashboard.withRow(new RowBuilder(section.title).id(id++).gridPos({ x: 0, y, w: GRID_WIDTH, h: 1 }));
    y += 1;
    let x = 0;
    let rowHeight = 0;
    for (const { panel, width, height = DEFAULT_HEIGHT } of section.panels) {
      if (width > GRID_WIDTH) throw new Error(`panel wider than the grid (${width} > ${GRID_WIDTH})`);
      if (x + width > GRID_WIDTH) {
        y += rowHeight;
        x = 0;
        rowHeight = 0;
      }
      dashboard.withPanel(panel.id(id++).gridPos({ x, y, w: width, h: height }));
      x += width;
      rowHeight = Math.max(rowHeight, height);
    }
    y += rowHeight;
  }
  return dashboard;
}
