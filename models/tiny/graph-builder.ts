// Assembles an OnnxGraph node by node, naming intermediate values so the
// builders read like the forward pass they describe.

import {
  tensorAttr,
  type OnnxAttribute,
  type OnnxGraph,
  type OnnxNode,
  type OnnxTensor,
  type OnnxValueInfo,
} from './onnx-writer';

export class GraphBuilder {
  private readonly nodes: OnnxNode[] = [];
  private readonly initializers: OnnxTensor[] = [];
  private readonly usedNames = new Set<string>();

  constructor(private readonly name: string) {}

  private unique(base: string): string {
    let name = base;
    for (let i = 1; this.usedNames.has(name); i++) name = `${base}_${i}`;
    this.usedNames.add(name);
    return name;
  }

  /** Adds one node and returns the name of its (single) output. */
  op(opType: string, inputs: readonly string[], attributes: Record<string, OnnxAttribute> = {}, output?: string): string {
    const outputName = output ?? this.unique(`/${this.name}/${opType}_output`);
    if (output) this.usedNames.add(output);
    this.nodes.push({ opType, name: this.unique(`/${this.name}/${opType}`), inputs, outputs: [outputName], attributes });
    return outputName;
  }

  /** Adds a node with several outputs, returning their names in order. */
  opMulti(opType: string, inputs: readonly string[], outputCount: number, attributes: Record<string, OnnxAttribute> = {}): string[] {
    const outputs = Array.from({ length: outputCount }, () => this.unique(`/${this.name}/${opType}_output`));
    this.nodes.push({ opType, name: this.unique(`/${this.name}/${opType}`), inputs, outputs, attributes });
    return outputs;
  }

  /** A float32 scalar produced by a Constant node (kept out of the initializer list, like torch.onnx does). */
  scalar(value: number): string {
    const name = this.unique(`/${this.name}/Constant_output`);
    const tensor: OnnxTensor = { name, dims: [], data: Float32Array.of(value) };
    this.nodes.push({ opType: 'Constant', name: this.unique(`/${this.name}/Constant`), inputs: [], outputs: [name], attributes: { value: tensorAttr(tensor) } });
    return name;
  }

  initializer(tensor: OnnxTensor): string {
    if (this.usedNames.has(tensor.name)) throw new Error(`duplicate value name ${tensor.name}`);
    this.usedNames.add(tensor.name);
    this.initializers.push(tensor);
    return tensor.name;
  }

  build(inputs: readonly OnnxValueInfo[], outputs: readonly OnnxValueInfo[]): OnnxGraph {
    return { name: this.name, nodes: this.nodes, initializers: this.initializers, inputs, outputs };
  }
}
