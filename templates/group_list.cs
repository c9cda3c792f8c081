<?cs def:content() ?>
<h1>User groups</h1>
<?cs if:Form.Deleted ?>
<p class="notice" role="status">The group was deleted.</p>
<?cs /if ?>
<p class="lead">Each group sets, for every permission, whether its members may not do it, may do it, or need a manager's code for it.</p>
<div class="actions">
  <a class="button" href="/groups/new">New group</a>
</div>
<table class="list">
  <thead>
    <tr>
      <th scope="col">Name</th>
      <th scope="col" class="num">Members in this store</th>
      <th scope="col">Permissions</th>
    </tr>
  </thead>
  <tbody>
<?cs each:g = Groups ?>
    <tr>
      <td><a href="/groups/<?cs var:g.Id ?>"><?cs var:g.Name ?></a><?cs if:g.Fixed ?> <span class="badge">Fixed</span><?cs /if ?></td>
      <td class="num"><?cs var:g.Members ?></td>
      <td><?cs var:g.Summary ?></td>
    </tr>
<?cs /each ?>
  </tbody>
</table>
<?cs /def ?>
