export { startDevBridge, type BridgeOptions, type BridgeRenderer, type RunningBridge } from './bridge-server';
export { BRIDGE_HEADER } from './bridge-token';
export { createNetworkSwitch, type NetworkSwitch } from './network-switch';
