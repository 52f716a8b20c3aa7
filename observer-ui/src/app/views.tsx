// the dashboard's views, in navigation order; the hash (#/events) picks one. each view is its own
// chunk, loaded when first shown, so the page starts without the graph, chart and editor code.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export interface ViewDef {
  id: string;
  title: string;
  component: LazyExoticComponent<ComponentType>;
}

export const VIEWS: ViewDef[] = [
  { id: 'graph', title: 'capability graph', component: lazy(() => import('../features/graph/components/graph-view.tsx').then((m) => ({ default: m.GraphView }))) },
  { id: 'events', title: 'event stream', component: lazy(() => import('../features/events/components/events-view.tsx').then((m) => ({ default: m.EventsView }))) },
  { id: 'proposals', title: 'proposals', component: lazy(() => import('../features/proposals/components/proposals-view.tsx').then((m) => ({ default: m.ProposalsView }))) },
  { id: 'resources', title: 'resources', component: lazy(() => import('../features/resources/components/resources-view.tsx').then((m) => ({ default: m.ResourcesView }))) },
  { id: 'framebuffer', title: 'framebuffer', component: lazy(() => import('../features/framebuffer/components/framebuffer-view.tsx').then((m) => ({ default: m.FramebufferView }))) },
  { id: 'stages', title: 'stages', component: lazy(() => import('../features/stages/components/stages-view.tsx').then((m) => ({ default: m.StagesView }))) },
  { id: 'evolution', title: 'evolution', component: lazy(() => import('../features/evolution/components/evolution-view.tsx').then((m) => ({ default: m.EvolutionView }))) },
  { id: 'bench', title: 'benchmarks', component: lazy(() => import('../features/bench/components/bench-view.tsx').then((m) => ({ default: m.BenchView }))) },
  { id: 'registry', title: 'registry', component: lazy(() => import('../features/registry/components/registry-view.tsx').then((m) => ({ default: m.RegistryView }))) },
];
