import App
import Tools

await MinyiMain.run(tools: ToolCommands.all)
